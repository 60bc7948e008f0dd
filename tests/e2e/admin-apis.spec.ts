import type { APIRequestContext, Page } from "@playwright/test";
import { expect, test } from "./csp-guard";
import type { AddressInfo } from "node:net";
import WebSocket, { WebSocketServer } from "ws";
import { E2E_ADMIN_TOKEN, E2E_PUBLIC_GATEWAY_URL } from "./e2e-env";

const bearer = { Authorization: `Bearer ${E2E_ADMIN_TOKEN}` };
import { apiStatus, createApi, deleteAllApis, screenshot, signIn } from "./portal";

/** Sends one message through the gateway and resolves with the echo; retries while the gateway has not loaded the API yet. */
async function echoThroughGateway(url: string, message: string): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      return await new Promise<string>((resolve, reject) => {
        const ws = new WebSocket(url);
        ws.once("open", () => ws.send(message));
        ws.once("message", (data) => {
          resolve(data.toString());
          ws.close();
        });
        ws.once("unexpected-response", (_req, res) => reject(new Error(`gateway answered ${res.statusCode}`)));
        ws.once("error", reject);
      });
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

test.describe.configure({ mode: "serial" });

test("APIs list: the empty state, then + Add API → WebSocket → Create, and a client echoes through the gateway", async ({ page, request }) => {
  const backend = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  backend.on("connection", (ws) => ws.on("message", (data, isBinary) => ws.send(data, { binary: isBinary })));
  await new Promise<void>((r) => backend.once("listening", () => r()));
  const backendUrl = `ws://127.0.0.1:${(backend.address() as AddressInfo).port}/`;

  try {
    await deleteAllApis(request);
    const product = await request.put("/api/management/products/starter", {
      headers: { Authorization: `Bearer ${E2E_ADMIN_TOKEN}` },
      data: { properties: { displayName: "Starter", state: "published" } },
    });
    expect([200, 201]).toContain(product.status());
    await page.goto("/admin");
    await signIn(page);
    await expect(page).toHaveURL(/\/admin\/apis$/);
    await expect(page.getByRole("heading", { name: "No APIs yet" })).toBeVisible();
    await screenshot(page, "apis-empty");

    await page.getByRole("link", { name: "Add API" }).first().click();
    await expect(page.getByRole("heading", { name: "Define a new API" })).toBeVisible();
    await screenshot(page, "add-api-type");
    await page.getByRole("link", { name: /WebSocket/ }).click();
    await page.getByLabel("Display name").fill("Echo Flow");
    await expect(page.getByLabel("Name", { exact: true })).toHaveValue("echo-flow");
    await page.getByLabel("WebSocket URL").fill(backendUrl);
    await page.getByLabel("API URL suffix").fill("echo-flow");
    await expect(page.getByTestId("gateway-url-preview")).toHaveText(`${E2E_PUBLIC_GATEWAY_URL}/echo-flow`);
    await expect(page.getByTestId("suffix-available")).toBeVisible();
    await expect(page.getByRole("checkbox", { name: "managed" })).toBeChecked();
    await expect(page.getByRole("checkbox", { name: "managed" })).toBeDisabled();
    await page.getByRole("checkbox", { name: "Starter" }).check();
    await page.getByRole("checkbox", { name: "Subscription required" }).uncheck();
    await page.getByRole("button", { name: "Create" }).click();

    await expect(page).toHaveURL(/\/admin\/apis\/echo-flow$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Echo Flow");
    await expect(page.getByTestId("api-gateway-url")).toHaveText(`${E2E_PUBLIC_GATEWAY_URL}/echo-flow`);
    const operations = page.getByRole("list", { name: "Operations" });
    await expect(operations.getByRole("listitem")).toHaveCount(1);
    await expect(operations.getByTestId("operation-onHandshake")).toContainText("onHandshake");
    await expect(operations.getByTestId("operation-onHandshake")).toContainText("GET");
    await expect(operations.getByText("System operation — cannot be deleted")).toBeVisible();
    await expect(operations.getByRole("button")).toHaveCount(0);
    const created = page.getByTestId("toast").filter({ hasText: "API created" });
    await expect(created).toContainText(`Clients connect to ${E2E_PUBLIC_GATEWAY_URL}/echo-flow`);
    await created.getByRole("button", { name: "Dismiss" }).click();
    await expect(created).toHaveCount(0);
    await screenshot(page, "api-page");

    const inProduct = await request.get("/api/management/products/starter/apis", { headers: { Authorization: `Bearer ${E2E_ADMIN_TOKEN}` } });
    expect(((await inProduct.json()).value as { name: string }[]).map((api) => api.name)).toEqual(["echo-flow"]);

    expect(await echoThroughGateway(`${E2E_PUBLIC_GATEWAY_URL}/echo-flow`, "hello through the gateway")).toBe("hello through the gateway");

    await createApi(request, "orders", { displayName: "Order stream", path: "orders/v1", subscriptionRequired: true });
    await page.getByRole("link", { name: "APIs" }).first().click();
    await expect(page.getByRole("table", { name: "APIs" }).getByRole("row")).toHaveCount(3);
    await screenshot(page, "apis-list");
    await page.keyboard.press("/");
    await expect(page.getByLabel("Search APIs")).toBeFocused();
    await page.keyboard.type("order");
    await expect(page.getByRole("table", { name: "APIs" }).getByRole("row")).toHaveCount(2);
    await expect(page.getByRole("link", { name: "Order stream" })).toBeVisible();
  } finally {
    await new Promise<void>((r) => backend.close(() => r()));
  }
});

test("a URL suffix another API uses is flagged while typing, and nothing is created", async ({ page, request }) => {
  await createApi(request, "taken", { displayName: "Taken", path: "taken-suffix" });
  await page.goto("/admin/apis/new?type=websocket");
  await signIn(page);
  await page.getByLabel("Display name").fill("Second try");
  await page.getByLabel("WebSocket URL").fill("ws://127.0.0.1:9/");
  await page.getByLabel("API URL suffix").fill("Taken-Suffix");
  const suffixError = page.getByText("This URL suffix is already used by API Taken (taken).");
  await expect(suffixError).toBeVisible();
  await expect(page.getByLabel("API URL suffix")).toHaveAttribute("aria-invalid", "true");
  await screenshot(page, "add-api-error");

  await page.getByRole("button", { name: "Create" }).click();
  await expect(page).toHaveURL(/\/admin\/apis\/new\?type=websocket$/);
  await expect(suffixError).toBeVisible();
  await expect(page.getByLabel("API URL suffix")).toBeFocused();
  expect(await apiStatus(request, "second-try")).toBe(404);

  await page.getByLabel("API URL suffix").fill("second-try");
  await expect(suffixError).toHaveCount(0);
  await expect(page.getByTestId("suffix-available")).toBeVisible();
});

test("an http:// backend URL is refused inline and nothing is created", async ({ page, request }) => {
  await page.goto("/admin/apis/new?type=websocket");
  await signIn(page);
  await page.getByLabel("Display name").fill("Plain HTTP");
  await page.getByLabel("WebSocket URL").fill("http://127.0.0.1:9/socket");
  await expect(page.getByText("Must be a ws:// or wss:// URL, not http://.")).toBeVisible();
  await expect(page.getByLabel("WebSocket URL")).toHaveAttribute("aria-invalid", "true");
  await page.getByLabel("API URL suffix").fill("plain-http");
  await page.getByRole("button", { name: "Create" }).click();
  await expect(page.getByLabel("WebSocket URL")).toBeFocused();
  await expect(page).toHaveURL(/\/admin\/apis\/new\?type=websocket$/);
  expect(await apiStatus(request, "plain-http")).toBe(404);
});

test("an API's display name is edited in Settings, then the API is deleted after typing its name, closing its open connection", async ({ page, request }) => {
  const backend = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  backend.on("connection", (ws) => ws.on("message", (data, isBinary) => ws.send(data, { binary: isBinary })));
  await new Promise<void>((r) => backend.once("listening", () => r()));
  try {
    await editAndDelete(page, request, `ws://127.0.0.1:${(backend.address() as AddressInfo).port}/`);
  } finally {
    for (const client of backend.clients) client.terminate();
    backend.close();
  }
});

async function editAndDelete(page: Page, request: APIRequestContext, backendUrl: string): Promise<void> {
  await createApi(request, "editable", { displayName: "Editable", path: "editable", serviceUrl: backendUrl, subscriptionRequired: false });
  // A client connected through the gateway, listed among the open connections (its log row is written).
  await echoThroughGateway(`${E2E_PUBLIC_GATEWAY_URL}/editable`, "warm-up");
  const live = new WebSocket(`${E2E_PUBLIC_GATEWAY_URL}/editable?who=live`);
  const closed = new Promise<{ code: number; reason: string }>((r) => live.once("close", (code, reason) => r({ code, reason: reason.toString() })));
  await new Promise<void>((resolve, reject) => {
    live.once("open", () => resolve());
    live.once("error", reject);
  });
  await expect
    .poll(async () => ((await (await request.get("/api/management/connections?apiId=editable", { headers: bearer })).json()) as { count: number }).count, { timeout: 10_000 })
    .toBe(1);

  await page.goto("/admin/apis/editable");
  await signIn(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Editable");

  await page.getByRole("tab", { name: "Settings" }).click();
  await page.getByLabel("Display name").fill("Edited name");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByTestId("toast").filter({ hasText: "Changes saved" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Edited name");
  const stored = await request.get("/api/management/apis/editable", { headers: { Authorization: `Bearer ${E2E_ADMIN_TOKEN}` } });
  expect((await stored.json()).properties.displayName).toBe("Edited name");

  await page.getByRole("button", { name: "Delete" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete Edited name?" });
  await expect(dialog).toBeVisible();
  const confirm = dialog.getByRole("button", { name: "Delete API" });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel("Type editable to confirm").fill("editabl");
  await expect(confirm).toBeDisabled();
  const closeNow = dialog.getByLabel("Close its open connections now");
  await expect(closeNow).not.toBeChecked();
  await closeNow.check();
  await screenshot(page, "delete-dialog");
  await dialog.getByLabel("Type editable to confirm").fill("editable");
  await confirm.click();

  await expect(page).toHaveURL(/\/admin\/apis$/);
  await expect(page.getByTestId("toast").filter({ hasText: "API deleted" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Edited name" })).toHaveCount(0);
  expect(await apiStatus(request, "editable")).toBe(404);
  // The gateway closed the live connection with 1008 and the reason.
  expect(await closed).toEqual({ code: 1008, reason: "API deleted" });
}
