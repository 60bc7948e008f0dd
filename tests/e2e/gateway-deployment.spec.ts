import { spawn } from "node:child_process";
import { hostname } from "node:os";
import { join } from "node:path";
import { freePort } from "../helpers/free-port";
import { expect, test } from "./csp-guard";
import { E2E_DIR } from "./e2e-env";
import { screenshot, signIn } from "./portal";

// Serial and generous: two cores are shared with the portal, the gateway and Chromium.
test.describe.configure({ mode: "serial", timeout: 150_000 });

test("an administrator registers a located gateway, deploys it with a token, and sees its instance report", async ({ page, context, request, baseURL }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  await page.goto("/admin/gateways");
  await signIn(page);
  await page.goto("/admin/gateways");

  // Register with APIM's location and no display name: the location names it.
  await page.getByRole("button", { name: "Register gateway" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Id").fill("london-edge");
  await dialog.getByLabel("Location name").fill("London office");
  await dialog.getByLabel("City").fill("London");
  await dialog.getByLabel("Country or region").fill("United Kingdom");
  await dialog.getByRole("button", { name: "Register gateway" }).click();
  await expect(page).toHaveURL(/\/admin\/gateways\/london-edge$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("London office");
  await expect(page.getByText("London office (London, United Kingdom)")).toBeVisible();
  await expect(page.getByText("No instance has reported yet.")).toBeVisible();

  // Deployment: a token with the default expiry (30 days), then the command with it filled in.
  await page.getByRole("tab", { name: "Deployment" }).click();
  const command = page.getByTestId("deployment-command");
  await expect(command).toContainText("PORTCULLIS_GATEWAY_TOKEN='<generate a token above>'");
  const expires = page.getByLabel("Expires");
  const defaultExpiry = await expires.inputValue();
  const days = (Date.parse(`${defaultExpiry}T23:59:00`) - Date.now()) / 86_400_000;
  expect(days).toBeGreaterThan(29);
  expect(days).toBeLessThan(31);
  await page.getByRole("button", { name: "Generate token" }).click();
  const token = (await page.getByTestId("gateway-token").textContent())!.trim();
  expect(token).toMatch(/^GatewayKey london-edge&\d{12}&[A-Za-z0-9+/]{86}==$/);
  await expect(command).toContainText(`PORTCULLIS_GATEWAY_TOKEN='${token}'`);
  await expect(command).toContainText(`PORTCULLIS_CONFIG_URL='${baseURL}'`);
  await expect(command).toContainText("GATEWAY_ID='london-edge'");
  await command.getByRole("button", { name: "Copy" }).click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain(`PORTCULLIS_GATEWAY_TOKEN='${token}'`);
  expect(copied).toMatch(/npm run gateway$/);
  await screenshot(page, "gateway-deployment");

  // The keys stay hidden until asked for, and regenerating one asks first.
  await expect(page.getByText("•".repeat(32)).first()).toBeVisible();
  await page.getByRole("button", { name: "Show keys" }).click();
  await expect(page.getByRole("button", { name: "Copy primary key" })).toBeVisible();

  // The copied command, run as an operator would (only the ports moved to free loopback ports, the
  // cache into the run's folder, one worker): a real self-hosted gateway that reports its instance.
  const [port, adminPort] = [await freePort(), await freePort()];
  const shellCommand = copied.replace(/GATEWAY_PORT=\d+/, `GATEWAY_PORT=${port}`).replace(/GATEWAY_ADMIN_PORT=\d+/, `GATEWAY_ADMIN_PORT=${adminPort}`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GATEWAY_HOST: "127.0.0.1",
    GATEWAY_WORKERS: "1",
    GATEWAY_HEARTBEAT_MS: "1000",
    GATEWAY_CONFIG_CACHE: join(E2E_DIR, "gateway-config-london-edge.json"),
  };
  delete env.PORTCULLIS_DB; // a self-hosted gateway has no database
  const gateway = spawn("bash", ["-c", shellCommand], { detached: true, stdio: ["ignore", "pipe", "pipe"], env });
  const output: string[] = [];
  gateway.stdout.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  gateway.stderr.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  try {
    await expect.poll(() => output.join(""), { timeout: 60_000 }).toContain('"msg":"gateway listening"');
  // A token that is not the one shown is refused with the reason.
  const forged = await request.post("/api/gateway/v1/heartbeat", {
    headers: { Authorization: token.replace(/&[^&]+$/, `&${"A".repeat(86)}==`) },
    data: { instanceId: "x", host: "x", version: "x", revision: 0, connections: 0, workers: 1 },
  });
  expect(forged.status()).toBe(401);
  expect((await forged.json()).error.code).toBe("GatewayTokenInvalid");

  await page.getByRole("tab", { name: "Overview" }).click();
  const instances = page.getByRole("table", { name: "Gateway instances" });
  const row = instances.getByRole("row").filter({ hasText: hostname() });
  await expect(row).toBeVisible({ timeout: 30_000 });
  await expect(row).toContainText("Live");
  await expect(row.getByRole("cell").last()).toContainText(/just now|seconds? ago/);
  await expect(row.getByRole("cell").nth(3)).toHaveText("0");
  await expect(row.getByRole("cell").nth(4)).toHaveText("1");
  await expect(page.getByText(/^Online ·/)).toBeVisible();
  await screenshot(page, "gateway-instances");
  } finally {
    // npm → sh → node: the whole group goes.
    try {
      process.kill(-gateway.pid!, "SIGTERM");
    } catch {
      // already gone
    }
  }

  // Logs and the dashboard filter by gateway.
  await page.goto("/admin/logs");
  await page.getByLabel("Gateway", { exact: true }).selectOption({ label: "London office" });
  await expect(page.getByText("No attempts match these filters")).toBeVisible();
  await page.goto("/admin/dashboard");
  await page.getByLabel("Gateway", { exact: true }).selectOption({ label: "London office" });
  await expect(page).toHaveURL(/\/admin\/dashboard\?gatewayId=london-edge$/);
});
