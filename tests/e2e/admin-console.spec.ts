import type { APIRequestContext, Page } from "@playwright/test";
import { expect, test } from "./csp-guard";
import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";
import { E2E_ADMIN_TOKEN, E2E_PUBLIC_GATEWAY_URL } from "./e2e-env";
import { createApi, screenshot, signIn } from "./portal";

/**
 * The seed product's test-console flow in the admin portal: select the API's onHandshake
 * operation → Test → Connect (the built-in all-access key) → send text, JSON and binary through
 * the real gateway (another origin) to a real echo backend → Disconnect; then a wrong key, which
 * the console explains with the gateway's own message.
 */

const bearer = { Authorization: `Bearer ${E2E_ADMIN_TOKEN}` };
const INVALID_KEY = "401 — Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.";
const MISSING_KEY = "401 — Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.";
const PUBLISHER = { email: "console-publisher@e2e.test", password: "e2e-console-publisher-password" };
const CLOCK = /^\d\d:\d\d:\d\d\.\d{3}$/;

test.describe.configure({ mode: "serial" });

let backend: WebSocketServer;
let backendUrl: string;

test.beforeAll(async () => {
  backend = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  backend.on("connection", (ws) => ws.on("message", (data, isBinary) => ws.send(data, { binary: isBinary })));
  await new Promise<void>((r) => backend.once("listening", () => r()));
  backendUrl = `ws://127.0.0.1:${(backend.address() as AddressInfo).port}/`;
});

test.afterAll(async () => {
  await new Promise((r) => backend.close(r));
});

async function builtInPrimaryKey(request: APIRequestContext): Promise<string> {
  const response = await request.post("/api/management/subscriptions/master/listSecrets", { headers: bearer });
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { primaryKey: string }).primaryKey;
}

async function openTestTab(page: Page, apiId: string): Promise<void> {
  await page.goto(`/admin/apis/${apiId}`);
  if (page.url().includes("/signin")) await signIn(page);
  await expect(page).toHaveURL(new RegExp(`/admin/apis/${apiId}$`));
  // Select the onHandshake operation → Test.
  await page.getByTestId("operation-onHandshake").getByRole("link", { name: "Test" }).click();
  await expect(page.getByRole("tab", { name: "Test" })).toHaveAttribute("aria-selected", "true");
  await expect(page).toHaveURL(/\?tab=test$/);
}

function output(page: Page) {
  return page.getByTestId("console-output");
}
function entries(page: Page, direction: "sent" | "received" | "system", type: string) {
  return output(page).locator(`[data-testid="output-entry"][data-direction="${direction}"][data-type="${type}"]`);
}

test("admin: onHandshake → Test connects through the gateway, echoes text, JSON and binary, and closes with 1000", async ({ page, request }) => {
  await createApi(request, "console-echo", { displayName: "Console Echo", path: "console-echo", serviceUrl: backendUrl, subscriptionRequired: true });
  const key = await builtInPrimaryKey(request);

  await openTestTab(page, "console-echo");
  const console = page.getByTestId("test-console");
  await expect(console).toBeVisible();
  // The URL: gateway (another origin than the portal) + path + the built-in key, masked on screen.
  const url = page.getByTestId("console-url");
  await expect(url).toHaveText(`${E2E_PUBLIC_GATEWAY_URL}/console-echo?subscription-key=••••••••${key.slice(-4)}`);
  await expect(page.getByLabel("Subscription key")).toHaveValue("0");
  await expect(page.getByTestId("console-status")).toHaveText("Not connected");
  await expect(page.getByRole("button", { name: "Send", exact: true })).toBeDisabled();
  await page.getByRole("button", { name: "Show the key in the URL" }).click();
  await expect(url).toHaveText(`${E2E_PUBLIC_GATEWAY_URL}/console-echo?subscription-key=${key}`);
  await page.getByRole("button", { name: "Hide the key in the URL" }).click();
  await expect(url).not.toContainText(key);

  // Optional query parameters reach the backend (the trace parameter does not: the gateway strips it).
  await page.getByRole("button", { name: "Add parameter" }).click();
  await page.getByLabel("Parameter 1 name").fill("room");
  await page.getByLabel("Parameter 1 value").fill("lobby");
  await expect(url).toHaveText(`${E2E_PUBLIC_GATEWAY_URL}/console-echo?subscription-key=••••••••${key.slice(-4)}&room=lobby`);
  await screenshot(page, "console-idle");
  const upgrade = new Promise<string>((resolve) => backend.once("connection", (_ws, req) => resolve(req.url ?? "")));

  await page.getByRole("button", { name: "Connect", exact: true }).click();
  await expect(page.getByTestId("console-status")).toHaveText("Connected");
  expect(await upgrade).toBe("/?room=lobby");
  await expect(entries(page, "system", "open")).toContainText("Connected · no subprotocol");
  await expect(page.getByRole("button", { name: "Disconnect", exact: true })).toBeVisible();
  await expect(page.getByLabel("Parameter 1 name")).toBeDisabled();

  // Text, with the Send button.
  const payload = page.getByRole("textbox", { name: "Payload" });
  await payload.fill("hello through the gateway");
  await expect(page.getByTestId("payload-status")).toHaveText("Text message · 25 B");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(entries(page, "sent", "text")).toHaveCount(1);
  const echoedText = entries(page, "received", "text");
  await expect(echoedText).toHaveCount(1);
  await expect(echoedText).toContainText("hello through the gateway");
  await expect(echoedText).toContainText("25 B");
  await expect(echoedText.locator("time")).toHaveText(CLOCK);

  // JSON: validated as typed, Send disabled while it does not parse, pretty-printed, sent with Ctrl+Enter.
  await page.getByRole("radio", { name: "JSON", exact: true }).check();
  await payload.fill('{"type": "subscribe", "channel":');
  await expect(page.getByTestId("payload-error")).toContainText("Line 1, column 33");
  await expect(page.getByRole("button", { name: "Send", exact: true })).toBeDisabled();
  await payload.fill('{"type": "subscribe", "channel": "prices"}');
  await expect(page.getByTestId("payload-status")).toContainText("valid JSON");
  await page.getByRole("button", { name: "Pretty-print" }).click();
  await expect(payload).toHaveValue('{\n  "type": "subscribe",\n  "channel": "prices"\n}');
  await payload.press("Control+Enter");
  await expect(echoedText).toHaveCount(2);
  await expect(echoedText.nth(1)).toContainText('"channel": "prices"');

  // Binary typed as hex: echoed as binary, shown as a hex preview with its size.
  await page.getByRole("radio", { name: "Binary", exact: true }).check();
  await page.getByRole("radio", { name: "Hex", exact: true }).check();
  await payload.fill("de ad be ef 00 01 48 69");
  await expect(page.getByTestId("payload-status")).toHaveText("Binary message · 8 B");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  const echoedBinary = entries(page, "received", "binary");
  await expect(echoedBinary).toHaveCount(1);
  await expect(echoedBinary).toContainText("de ad be ef 00 01 48 69");
  await expect(echoedBinary).toContainText("8 bytes");
  await expect(echoedBinary.locator("time")).toHaveText(CLOCK);

  // The history resends a payload, and loads one back into the editor.
  const history = page.getByTestId("console-history");
  await expect(history.getByRole("listitem")).toHaveCount(3);
  await history.getByRole("button", { name: "Resend de ad be ef 00 01 48 69" }).click();
  await expect(echoedBinary).toHaveCount(2);
  await history.getByRole("button", { name: "Load hello through the gateway (text, 25 B)" }).click();
  await expect(page.getByRole("radio", { name: "Text", exact: true })).toBeChecked();
  await expect(payload).toHaveValue("hello through the gateway");

  // The filter narrows the output; Clear is tested last.
  await page.getByLabel("Filter output").fill("received binary");
  await expect(output(page).getByTestId("output-entry")).toHaveCount(2);
  await page.getByLabel("Filter output").fill("");
  await screenshot(page, "console-connected");

  // Binary from a file: its bytes go as one binary message; the history keeps it by the file's name.
  await page.getByRole("radio", { name: "Binary", exact: true }).check();
  await page.getByRole("radio", { name: "File", exact: true }).check();
  await expect(page.getByTestId("payload-error")).toHaveText("Choose a file to send.");
  await expect(page.getByRole("button", { name: "Send", exact: true })).toBeDisabled();
  await page.locator('input[type="file"]').setInputFiles({ name: "frame.bin", mimeType: "application/octet-stream", buffer: Buffer.from([0xca, 0xfe, 0x00, 0x2a]) });
  await expect(page.getByText("frame.bin", { exact: true })).toBeVisible();
  await expect(page.getByTestId("payload-status")).toHaveText("Binary message · 4 B");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(echoedBinary).toHaveCount(3);
  await expect(echoedBinary.nth(2)).toContainText("ca fe 00 2a");
  await expect(echoedBinary.nth(2)).toContainText("4 bytes");
  await page.getByRole("radio", { name: "Text", exact: true }).check();
  await history.getByRole("button", { name: "Load frame.bin (file, 4 B)" }).click();
  await expect(page.getByRole("radio", { name: "File", exact: true })).toBeChecked();
  await expect(page.getByTestId("payload-status")).toHaveText("Binary message · 4 B");

  await page.getByRole("button", { name: "Disconnect", exact: true }).click();
  await expect(page.getByTestId("console-status")).toHaveText("Closed · 1000 Normal Closure");
  await expect(entries(page, "system", "close")).toContainText("Disconnected · 1000 Normal Closure · no reason · clean");
  await screenshot(page, "console-closed");
});

test("admin: a wrong or missing key is explained with the gateway's own 401 message", async ({ page }) => {
  await openTestTab(page, "console-echo");
  const url = page.getByTestId("console-url");

  // A typed subscription-key parameter replaces the selected key.
  await page.getByRole("button", { name: "Add parameter" }).click();
  await page.getByLabel("Parameter 1 name").fill("subscription-key");
  await page.getByLabel("Parameter 1 value").fill("wrong");
  await expect(url).toHaveText(`${E2E_PUBLIC_GATEWAY_URL}/console-echo?subscription-key=wrong`);
  await page.getByRole("button", { name: "Connect", exact: true }).click();
  await expect(page.getByTestId("console-status")).toHaveText("Handshake failed");
  const diagnosis = page.getByTestId("console-diagnosis");
  await expect(diagnosis).toContainText(INVALID_KEY);
  await expect(diagnosis).toContainText("SubscriptionKeyInvalid · source: subscription");
  await expect(entries(page, "system", "error").last()).toContainText(`Gateway: ${INVALID_KEY}`);
  await screenshot(page, "console-failed");

  // No key at all.
  await page.getByRole("button", { name: "Remove parameter 1 (subscription-key)" }).click();
  await page.getByLabel("Subscription key").selectOption({ label: "No subscription key" });
  await expect(url).toHaveText(`${E2E_PUBLIC_GATEWAY_URL}/console-echo`);
  await page.getByRole("button", { name: "Connect", exact: true }).click();
  await expect(diagnosis).toContainText(MISSING_KEY);

  // Clear empties the output.
  await page.getByRole("button", { name: "Clear", exact: true }).click();
  await expect(output(page).getByTestId("output-entry")).toHaveCount(0);
});

test("publisher: the Test tab says testing needs an administrator or a subscription", async ({ page, request }) => {
  const user = await request.put("/api/management/users/e2e-console-publisher", {
    headers: bearer,
    data: { properties: { email: PUBLISHER.email, firstName: "Pub", lastName: "Lisher", role: "publisher", password: PUBLISHER.password } },
  });
  expect([200, 201], await user.text()).toContain(user.status());
  // A shared link opens the tab.
  await page.goto("/admin/apis/console-echo?tab=test");
  await signIn(page, PUBLISHER.email, PUBLISHER.password);
  await expect(page.getByRole("tab", { name: "Test" })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByTestId("console-keys-notice")).toContainText("Testing needs an administrator or a subscription.");
  await expect(page.getByTestId("test-console")).toHaveCount(0);
});
