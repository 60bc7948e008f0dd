import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "./csp-guard";
import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";
import { E2E_ADMIN_TOKEN, E2E_PUBLIC_GATEWAY_URL } from "./e2e-env";
import { screenshot, signIn } from "./portal";

/**
 * The developer portal's test console and subscription keys: a visitor is told before
 * connecting that the API needs a key and how to get one (not "Sign in again" after a refused
 * handshake), and a developer who subscribes on the API page finds the new key selected in the
 * console at once, without a reload, and connects with it through the real gateway.
 */

const bearer = { Authorization: `Bearer ${E2E_ADMIN_TOKEN}` };
const DEVELOPER = { email: "console.keys@e2e.test", password: "e2e-console-keys-password" };

test.describe.configure({ mode: "serial" });

let backend: WebSocketServer;

test.beforeAll(async ({ request }) => {
  backend = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  backend.on("connection", (ws) => ws.on("message", (data, isBinary) => ws.send(data, { binary: isBinary })));
  await new Promise<void>((r) => backend.once("listening", () => r()));
  const serviceUrl = `ws://127.0.0.1:${(backend.address() as AddressInfo).port}/`;
  await put(request, "/apis/ck-echo", { displayName: "Console echo", serviceUrl, path: "ck-echo", protocols: ["ws"] });
  await put(request, "/products/ck-starter", { displayName: "Console starter", description: "Active at once.", state: "published" });
  await put(request, "/products/ck-starter/apis/ck-echo");
  await put(request, "/users/ck-developer", { email: DEVELOPER.email, firstName: "Kim", lastName: "Console", role: "developer", password: DEVELOPER.password });
});

test.afterAll(async () => {
  await new Promise((r) => backend.close(r));
});

async function put(request: APIRequestContext, path: string, properties?: object): Promise<void> {
  const response = await request.put(`/api/management${path}`, { headers: bearer, data: properties ? { properties } : undefined });
  expect(response.status(), `${path}: ${await response.text()}`).toBeLessThan(300);
}

test("a signed-out visitor is told before connecting that the API needs a key and where to get one, and again after the refused handshake", async ({ page }) => {
  const traceReads: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes("/api/portal/handshake-traces/")) traceReads.push(r.url());
  });
  await page.goto("/apis/ck-echo");
  const hint = page.getByTestId("console-key-hint");
  await hint.scrollIntoViewIfNeeded();
  await expect(hint).toHaveText(
    "This API needs a subscription key.The gateway refuses a handshake without one. Sign in and subscribe to a product that contains this API: the console then connects with your key.",
  );
  await expect(hint.getByRole("link", { name: "Sign in" })).toHaveAttribute("href", "/signin?callbackUrl=%2Fapis%2Fck-echo%23console");
  await expect(page.getByLabel("Subscription key").locator("option:checked")).toHaveText("No subscription key");
  await screenshot(page, "portal-console-signed-out-hint");

  await page.getByRole("button", { name: "Connect", exact: true }).click();
  await expect(page.getByTestId("console-status")).toHaveText("Handshake failed");
  const diagnosis = page.getByTestId("console-diagnosis");
  await expect(diagnosis).toHaveText("The gateway refused the handshake: this API needs a subscription key. Sign in and subscribe to a product that contains it to get one.");
  await expect(page.getByText("Sign in again", { exact: false })).toHaveCount(0);
  await expect(page.getByTestId("console-output")).toContainText("Sign in to read the gateway's reason for a refused handshake.");
  // The trace endpoint is for signed-in users: the console does not ask it for a visitor.
  expect(traceReads).toEqual([]);

  // The hint's link signs in and comes back to the console.
  await diagnosis.getByRole("link", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fapis%2Fck-echo%23console$/);
  await signIn(page, DEVELOPER.email, DEVELOPER.password);
  await expect(page).toHaveURL(/\/apis\/ck-echo#console$/);
  await expect(page.getByTestId("console-key-hint")).toContainText("You have no key for it yet. Subscribe to a product that contains this API: the console picks up the new key at once.");
});

test("after subscribing on the API page the console selects the new key without a reload and connects with it", async ({ page }) => {
  await signIn(page, DEVELOPER.email, DEVELOPER.password);
  await page.goto("/apis/ck-echo");
  const hint = page.getByTestId("console-key-hint");
  await expect(hint).toContainText("You have no key for it yet.");
  await expect(hint.getByRole("link", { name: "Subscribe to a product" })).toHaveAttribute("href", "#products");
  const keySelect = page.getByLabel("Subscription key");
  await expect(keySelect.locator("option:checked")).toHaveText("No subscription key");
  // A marker a reload would wipe.
  await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

  await page.getByRole("button", { name: "Subscribe to Console starter" }).click();
  const dialog = page.getByRole("dialog", { name: "Subscribe to Console starter" });
  await dialog.getByLabel("Subscription name").fill("Console keys app");
  await dialog.getByRole("button", { name: "Subscribe", exact: true }).click();
  await expect(page.getByTestId("toast").filter({ hasText: "Subscribed to Console starter" })).toBeVisible();

  await expect(keySelect.locator("option:checked")).toHaveText("Console keys app — primary key");
  await expect(keySelect.locator("option")).toHaveText(["Console keys app — primary key", "Console keys app — secondary key", "No subscription key"]);
  await expect(hint).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  await expect(page.getByTestId("console-url")).toHaveText(new RegExp(`^${E2E_PUBLIC_GATEWAY_URL.replace(/\./g, "\\.")}/ck-echo\\?subscription-key=•{8}[A-Za-z0-9._~-]{4}$`));

  await page.getByRole("button", { name: "Connect", exact: true }).click();
  await expect(page.getByTestId("console-status")).toHaveText("Connected");
  await page.getByRole("textbox", { name: "Payload" }).fill("hello with the new key");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(page.getByTestId("console-output").locator('[data-testid="output-entry"][data-direction="received"]')).toContainText("hello with the new key");
  await screenshot(page, "portal-console-after-subscribing");
  await page.getByRole("button", { name: "Disconnect", exact: true }).click();
  await expect(page.getByTestId("console-status")).toHaveText("Closed · 1000 Normal Closure");
});
