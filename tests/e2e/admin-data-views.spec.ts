import { expect as baseExpect, test } from "./csp-guard";
import type { AddressInfo } from "node:net";
import WebSocket, { WebSocketServer } from "ws";
import { E2E_ADMIN_EMAIL, E2E_ADMIN_PASSWORD, E2E_ADMIN_TOKEN, E2E_DEVELOPER_EMAIL } from "./e2e-env";
import { connectThroughGateway, createApi, screenshot } from "./portal";

/**
 * The admin portal's data views tell the truth and can be shared: the URL scheme follows what
 * the gateway serves (this run's gateway has no TLS), logs and dashboards name what ids stand
 * for, their filters live in the URL, live connections count while a client sends, and the
 * audit log filters by action and actor email.
 */
const bearer = { Authorization: `Bearer ${E2E_ADMIN_TOKEN}` };
// The machine these run on is shared and often loaded: wait on events longer, never sleep.
const expect = baseExpect.configure({ timeout: 30_000 });
test.describe.configure({ timeout: 240_000 });

/** Signs in as the administrator and waits (as long as a loaded machine needs) to leave the sign-in page. */
async function signIn(page: import("@playwright/test").Page): Promise<void> {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(E2E_ADMIN_EMAIL);
  await page.getByLabel("Password").fill(E2E_ADMIN_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/signin"), { timeout: 60_000 });
}

let backend: WebSocketServer;
let backendUrl: string;

test.beforeAll(async () => {
  backend = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  backend.on("connection", (ws) => ws.on("message", (data, isBinary) => ws.send(data, { binary: isBinary })));
  await new Promise<void>((r) => backend.once("listening", () => r()));
  backendUrl = `ws://127.0.0.1:${(backend.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  for (const ws of backend.clients) ws.terminate();
  await new Promise((r) => backend.close(r));
});

async function echo(ws: WebSocket, text: string): Promise<void> {
  const answered = new Promise((r) => ws.once("message", r));
  ws.send(text);
  await answered;
}

test("the API form starts at the scheme the gateway serves and warns for wss:// without TLS", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page);
  await page.goto("/admin/apis/new?type=websocket");
  await expect(page.locator('input[name="url-scheme"][value="ws"]')).toBeChecked();
  await expect(page.getByTestId("unserved-scheme-warning")).toHaveCount(0);
  await page.getByText("ws:// and wss://").click();
  await expect(page.getByTestId("unserved-scheme-warning")).toHaveText(
    "No gateway serves wss://: the portal publishes only the ws:// URL. Give the gateway a certificate (GATEWAY_TLS_CERT_FILE and GATEWAY_TLS_KEY_FILE) or set PORTCULLIS_PUBLIC_GATEWAY_WSS_URL to a TLS front end.",
  );
  await page.getByText("wss:// only (TLS)").click();
  await expect(page.getByTestId("unserved-scheme-warning")).toContainText("No gateway serves wss://, so clients could not connect to this API.");
  await screenshot(page, "api-form-scheme-warning");
});

test.describe("names, shareable views and live counters", () => {
  test.describe.configure({ mode: "serial" });
  let key: string;

  test.beforeAll(async ({ request }) => {
    await createApi(request, "dv-chat", { displayName: "Data views chat", path: "dv-chat", serviceUrl: backendUrl, subscriptionRequired: true });
    const product = await request.put("/api/management/products/dv-plan", { headers: bearer, data: { properties: { displayName: "Data views plan", state: "published" } } });
    expect(product.status()).toBe(201);
    expect((await request.put("/api/management/products/dv-plan/apis/dv-chat", { headers: bearer })).status()).toBeLessThan(300);
    const sub = await request.put("/api/management/subscriptions/dv-sub", {
      headers: bearer,
      data: { properties: { scope: "/products/dv-plan", displayName: "Devon's chat key", ownerId: "/users/e2e-developer", state: "active" } },
    });
    expect(sub.status(), await sub.text()).toBe(201);
    key = ((await (await request.post("/api/management/subscriptions/dv-sub/listSecrets", { headers: bearer })).json()) as { primaryKey: string }).primaryKey;
    // The gateway picks the API up within a second.
    await expect
      .poll(async () => {
        try {
          (await connectThroughGateway("/dv-chat/warmup", { "Ocp-Apim-Subscription-Key": key })).close(1000);
          return "open";
        } catch (error) {
          return String(error);
        }
      }, { timeout: 15_000 })
      .toBe("open");
    const ws = await connectThroughGateway("/dv-chat/room?n=1", { "Ocp-Apim-Subscription-Key": key });
    await echo(ws, "hello");
    ws.close(1000);
    await expect
      .poll(async () => (await (await request.get("/api/management/logs?apiId=dv-chat&responseCode=101", { headers: bearer })).json()).count, { timeout: 15_000 })
      .toBeGreaterThanOrEqual(2);
  });

  test("log rows and the per-API dashboard show names, linked, with ids on hover", async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await signIn(page);
    await page.goto("/admin/logs?apiId=dv-chat&range=1h");
    const row = page.getByTestId("log-row").filter({ hasText: "Devon's chat key" }).first();
    await expect(row.getByRole("link", { name: "Data views chat" })).toHaveAttribute("href", "/admin/apis/dv-chat");
    await expect(row.getByRole("link", { name: "Data views chat" })).toHaveAttribute("title", "API dv-chat");
    await expect(row.getByRole("link", { name: E2E_DEVELOPER_EMAIL })).toHaveAttribute("href", `/admin/users?search=${encodeURIComponent(E2E_DEVELOPER_EMAIL)}`);
    await expect(row.getByTestId("log-subscription")).toHaveAttribute("title", "Subscription dv-sub");
    // Absolute time to the second, the relative age on hover, the zone named.
    await expect(row.locator("time")).toHaveText(/^[A-Z][a-z]{2} \d{1,2}, \d{2}:\d{2}:\d{2}$/);
    await expect(row.locator("time")).toHaveAttribute("title", /(just now|seconds? ago|minutes? ago) · .*\d{2}:\d{2}:\d{2}\.\d{3}/);
    await expect(page.getByTestId("time-zone-note")).toHaveText(/^Times in \S+$/);
    await screenshot(page, "logs-names");
    await row.click();
    const detail = page.getByTestId("log-detail");
    await expect(detail.getByRole("link", { name: "Data views plan" })).toHaveAttribute("href", "/admin/products/dv-plan");
    await expect(detail).toContainText(/\d{2}:\d{2}:\d{2}\.\d{3}/);
    await page.keyboard.press("Escape");

    await page.goto("/admin/dashboard/dv-chat");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Data views chat");
    await expect(page.getByTestId("dashboard-api-link")).toHaveAttribute("href", "/admin/apis/dv-chat");
  });

  test("the logs' filters and the dashboard's range survive a reload and step back", async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await signIn(page);
    await page.goto("/admin/logs");
    await page.getByLabel("API", { exact: true }).selectOption("dv-chat");
    await expect(page).toHaveURL(/[?&]apiId=dv-chat/);
    await page.getByLabel("Response code").fill("101");
    await expect(page).toHaveURL(/[?&]responseCode=101/);
    await page.reload();
    await expect(page.getByLabel("API", { exact: true })).toHaveValue("dv-chat");
    await expect(page.getByLabel("Response code")).toHaveValue("101");
    for (const row of await page.getByTestId("log-row").all()) await expect(row).toContainText("101");
    await page.goBack();
    await expect(page).not.toHaveURL(/apiId=dv-chat/);
    await expect(page.getByLabel("API", { exact: true })).toHaveValue("");

    // Two changes before the first navigation's server round trip is back (a busy server): the
    // second builds on the first, so both filters stay.
    await page.goto("/admin/logs");
    await page.route(/[?&]_rsc=/, async (route) => {
      await new Promise((r) => setTimeout(r, 1500));
      await route.continue().catch(() => {});
    });
    await page.getByLabel("API", { exact: true }).selectOption("dv-chat");
    await page.getByLabel("Response code").fill("101");
    await expect(page).toHaveURL(/[?&]responseCode=101/, { timeout: 15_000 });
    await expect(page).toHaveURL(/[?&]apiId=dv-chat/);
    await page.unrouteAll({ behavior: "ignoreErrors" });

    // A response code that is not one says so instead of blanking the table.
    await page.goto("/admin/logs?responseCode=abc");
    await expect(page.getByText("No rows shown: the response code filter is not a status code")).toBeVisible();
    await expect(page.getByText("“abc” is not a status code: enter three digits from 100 to 599, such as 401.").first()).toBeVisible();
    await page.getByRole("button", { name: "Clear the response code" }).click();
    await expect(page).not.toHaveURL(/responseCode/);
    await expect(page.getByTestId("log-row").first()).toBeVisible();

    await page.goto("/admin/dashboard");
    await page.getByRole("radio", { name: "24 hours" }).click();
    await expect(page).toHaveURL(/\/admin\/dashboard\?range=24h$/);
    await page.reload();
    await expect(page.getByRole("radio", { name: "24 hours" })).toHaveAttribute("aria-checked", "true");
    // Right after a reload the page may not be hydrated yet (a change then has no handler): choose again until it navigates.
    await expect(async () => {
      await page.getByLabel("API", { exact: true }).selectOption("dv-chat");
      await baseExpect(page).toHaveURL(/\/admin\/dashboard\/dv-chat\?range=24h$/, { timeout: 5_000 });
    }).toPass({ timeout: 90_000 });
    await expect(page.getByRole("radio", { name: "24 hours" })).toHaveAttribute("aria-checked", "true");
    await page.goBack();
    await expect(page).toHaveURL(/\/admin\/dashboard\?range=24h$/);
    await page.goBack();
    await expect(page).toHaveURL(/\/admin\/dashboard$/);
    await expect(page.getByRole("radio", { name: "1 hour" })).toHaveAttribute("aria-checked", "true");
  });

  test("live connections show the user and messages and bytes moving while a client sends", async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    const ws = await connectThroughGateway("/dv-chat/live?who=counter", { "Ocp-Apim-Subscription-Key": key });
    try {
      await signIn(page);
      await page.goto("/admin/connections");
      const row = page.getByTestId("connection-row").filter({ hasText: "/dv-chat/live?who=counter" });
      await expect(row.getByTestId("connection-user")).toHaveText(E2E_DEVELOPER_EMAIL);
      await echo(ws, "one");
      await echo(ws, "two");
      await expect(row.getByTestId("connection-messages")).toHaveText("2 / 2", { timeout: 20_000 });
      await echo(ws, "three");
      await expect(row.getByTestId("connection-messages")).toHaveText("3 / 3", { timeout: 20_000 });
      // 3 masked frames of 3, 3 and 5 bytes: (2 + 4) × 3 + 11 in; 2 × 3 + 11 out.
      await expect(row.getByTestId("connection-bytes")).toHaveText("29 B / 17 B");
      await screenshot(page, "live-connections-counters");
    } finally {
      ws.terminate();
    }
  });

  test("the audit log filters by action and by the actor's email", async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await signIn(page);
    await page.goto("/admin/audit-log");
    await page.getByLabel("Action").selectOption("listSecrets");
    const rows = page.getByRole("table", { name: "Audit log" }).getByRole("row");
    await expect(rows.filter({ hasText: "/subscriptions/dv-sub" }).first()).toBeVisible();
    for (const row of (await rows.all()).slice(1)) await expect(row).toContainText("listSecrets");
    await page.getByLabel("Actor").fill("nobody@nowhere.example");
    await expect(page.getByText("No entries match these filters")).toBeVisible();
    await page.getByLabel("Actor").fill("Bootstrap");
    await expect(rows.filter({ hasText: "/subscriptions/dv-sub" }).first()).toBeVisible();
    await screenshot(page, "audit-log-filters");
  });
});
