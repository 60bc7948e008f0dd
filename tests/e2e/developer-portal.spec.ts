import type { Page } from "@playwright/test";
import { expect, test } from "./csp-guard";
import WebSocket from "ws";
import { parse as parseYaml } from "yaml";
import { E2E_ADMIN_TOKEN, E2E_DEVELOPER_EMAIL, E2E_DEVELOPER_PASSWORD, E2E_PUBLIC_GATEWAY_URL } from "./e2e-env";
import { createCatalog, dismissToasts, startEchoBackend } from "./developer-catalog";
import { connectThroughGateway, screenshot, signIn } from "./portal";

/**
 * The developer portal, as a new developer uses it: the catalog signed out, sign up, subscribe
 * to a published product, the key on the profile and in the API page's code samples, the
 * console through the real gateway to a real echo backend; an approval-required product stays
 * pending until an administrator approves it in the admin portal.
 */

const CLOCK = /^\d\d:\d\d:\d\d\.\d{3}$/;
const KEY = /^[A-Za-z0-9._~-]{16,}$/;
const stamp = Date.now().toString(36);
const developer = { first: "Ada", last: "Lovelace", email: `ada.${stamp}@e2e.test`, password: "analytical engine 1843" };

test.describe.configure({ mode: "serial", timeout: 150_000 });

let backend: Awaited<ReturnType<typeof startEchoBackend>>;

test.beforeAll(async () => {
  backend = await startEchoBackend();
});

test.afterAll(async () => {
  await backend.close();
});


const bearer = { Authorization: `Bearer ${E2E_ADMIN_TOKEN}` };

/** Subscribes from the button on the current page, naming the subscription. */
async function subscribe(page: Page, product: string, name: string): Promise<void> {
  await page.getByRole("button", { name: `Subscribe to ${product}` }).first().click();
  const dialog = page.getByRole("dialog", { name: `Subscribe to ${product}` });
  await dialog.getByLabel("Subscription name").fill(name);
  await dialog.getByRole("button", { name: /^(Subscribe|Request subscription)$/ }).click();
}

test("signed out: the home page, the catalog (published products only, searchable) and an API page with placeholders", async ({ page, request }) => {
  await createCatalog(request, backend.url);

  await page.goto("/");
  await expect(page).toHaveTitle("Portcullis — WebSocket API management");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Portcullis — WebSocket API management");
  await expect(page.getByRole("navigation", { name: "Portal sections" }).getByRole("link")).toHaveText(["APIs", "Products"]);
  await expect(page.getByTestId("header-sign-in")).toBeVisible();
  await expect(page.getByRole("link", { name: "Sign up" }).first()).toBeVisible();
  await expect(page.getByRole("heading", { name: "Get started in three steps" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Featured APIs" })).toContainText("Developer Echo");
  await expect(page.getByRole("list", { name: "Featured APIs" })).not.toContainText("Unreleased");
  // Operators' quick start is for publishers; a visitor of a portal with APIs does not see it.
  await expect(page.getByRole("heading", { name: "Getting started: publish an API" })).toHaveCount(0);
  await screenshot(page, "portal-home");

  await page.getByRole("navigation", { name: "Portal sections" }).getByRole("link", { name: "APIs" }).click();
  await expect(page).toHaveURL(/\/apis$/);
  const catalog = page.getByRole("list", { name: "APIs" });
  await expect(catalog.getByTestId("api-card-dp-echo")).toContainText(`${E2E_PUBLIC_GATEWAY_URL}/dp-echo`);
  await expect(catalog.getByTestId("api-card-dp-prices")).toContainText("Professional");
  await expect(catalog.getByTestId("api-card-dp-secret")).toHaveCount(0);
  await screenshot(page, "portal-catalog");
  await page.getByLabel("Search APIs").fill("price ticks");
  await page.getByLabel("Search APIs").press("Enter");
  await expect(page).toHaveURL(/\/apis\?search=price\+ticks$/);
  await expect(catalog.getByRole("listitem")).toHaveCount(1);
  await expect(catalog).toContainText("Market prices");
  await page.getByLabel("Search APIs").fill("no such thing");
  await page.getByLabel("Search APIs").press("Enter");
  await expect(page.getByRole("heading", { name: "No API matches your search" })).toBeVisible();

  // An unpublished API's page does not exist for visitors.
  expect((await page.goto("/apis/dp-secret"))?.status()).toBe(404);

  await page.goto("/apis/dp-prices");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Market prices");
  await expect(page.getByTestId("gateway-url-ws")).toHaveText(`${E2E_PUBLIC_GATEWAY_URL}/dp-prices`);
  await expect(page.getByTestId("query-name")).toHaveText("?prices-key=<key>");
  await expect(page.getByTestId("header-name")).toHaveText("X-Prices-Key: <key>");
  await expect(page.getByTestId("sample-wscat")).toContainText(`npx wscat -c "${E2E_PUBLIC_GATEWAY_URL}/dp-prices" \\\n  -H "X-Prices-Key: <your-key>"`);
  await expect(page.getByTestId("sample-key-hint")).toContainText("Sign in and subscribe to a product that contains this API to get one.");
  await page.getByRole("tab", { name: "Browser JavaScript" }).click();
  await expect(page.getByTestId("sample-browser")).toContainText(`new WebSocket("${E2E_PUBLIC_GATEWAY_URL}/dp-prices?prices-key=<your-key>")`);
  await expect(page.getByTestId("api-product-dp-pro").getByRole("link", { name: "Sign in to subscribe to Professional" })).toBeVisible();

  // The AsyncAPI summary, and the document it summarises (YAML and JSON agree).
  const summary = page.getByTestId("asyncapi-summary");
  await expect(summary).toContainText("AsyncAPI 3.0.0 · Market prices");
  await expect(summary).toContainText("127.0.0.1");
  await expect(summary).toContainText("/dp-prices");
  await expect(summary).toContainText("httpApiKey in query: prices-key");
  await expect(summary).toContainText("httpApiKey in header: X-Prices-Key");
  await expect(page.getByRole("link", { name: "Download YAML" })).toHaveAttribute("href", "/api/portal/apis/dp-prices/asyncapi?format=yaml&download=1");
  const yaml = await request.get("/api/portal/apis/dp-prices/asyncapi?format=yaml&download=1");
  expect(yaml.headers()["content-disposition"]).toBe('attachment; filename="dp-prices-asyncapi.yaml"');
  const json = await request.get("/api/portal/apis/dp-prices/asyncapi?format=json");
  expect(parseYaml(await yaml.text())).toEqual(await json.json());
  await screenshot(page, "portal-api-signed-out");
});

test("a new developer signs up, subscribes, finds the key on the profile and in the code samples, and uses it in the console", async ({ page }) => {
  await page.goto("/signup");
  await expect(page.getByRole("heading", { name: "Create your developer account" })).toBeVisible();

  // Clear messages before anything is sent: names, a weak password, passwords that differ, the terms.
  await page.getByLabel("Email").fill(developer.email);
  await page.getByLabel("Password", { exact: true }).fill("too-short");
  await page.getByLabel("Confirm password").fill("too-short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Enter your first name.")).toBeVisible();
  await expect(page.getByText("The password must be at least 12 characters long.")).toBeVisible();
  await expect(page.getByText("Accept the terms of use to create an account.")).toBeVisible();
  await page.getByLabel("First name").fill(developer.first);
  await page.getByLabel("Last name").fill(developer.last);
  await page.getByLabel("Password", { exact: true }).fill(developer.password);
  await page.getByLabel("Confirm password").fill(`${developer.password}!`);
  await page.getByRole("checkbox", { name: "I accept the terms of use" }).check();
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("The passwords do not match.")).toBeVisible();
  await screenshot(page, "portal-signup-errors");

  // The server's own refusal: an email that already has an account (any case).
  await page.getByLabel("Confirm password").fill(developer.password);
  await page.getByLabel("Email").fill(E2E_DEVELOPER_EMAIL.toUpperCase());
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("An account with this email address already exists. Sign in instead.")).toBeVisible();

  await page.getByLabel("Email").fill(developer.email);
  await page.getByRole("button", { name: "Create account" }).click();
  // Signed in at once, and sent to pick a product.
  await expect(page).toHaveURL(/\/products\?welcome$/);
  await expect(page.getByTestId("welcome")).toContainText("Welcome, Ada Lovelace! Your account is ready.");
  await expect(page.getByRole("button", { name: `Account menu for ${developer.email}` })).toBeVisible();
  await expect(page.getByRole("link", { name: "Admin portal" })).toHaveCount(0);

  const starter = page.getByTestId("product-dp-starter");
  await expect(starter).toContainText("Instant access");
  await expect(page.getByTestId("product-dp-pro")).toContainText("Approval required");
  await expect(page.getByTestId("product-dp-pro")).toContainText("Up to 1 subscription each");
  await expect(page.getByTestId("product-dp-draft")).toHaveCount(0);
  await screenshot(page, "portal-products");
  await subscribe(page, "Starter", "Echo playground");
  await expect(page.getByTestId("toast").filter({ hasText: "Subscribed to Starter" })).toBeVisible();
  await expect(starter.getByTestId("own-subscription-states")).toContainText("1 active");

  // The profile: the subscription, its keys hidden until shown.
  await page.getByRole("button", { name: `Account menu for ${developer.email}` }).click();
  await page.getByRole("link", { name: "Profile and keys" }).click();
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByTestId("profile-email")).toHaveText(developer.email);
  const card = page.getByRole("listitem", { name: "Echo playground" });
  await expect(card).toContainText("Active");
  await expect(card).toContainText("Starter");
  const sid = ((await card.getAttribute("data-testid")) ?? "").replace(/^subscription-/, "");
  const primary = page.getByTestId(`${sid}-primary-key`);
  const secondary = page.getByTestId(`${sid}-secondary-key`);
  await expect(primary).toHaveText(/^•+$/);
  await card.getByRole("button", { name: "Show keys" }).click();
  await expect(primary).toHaveText(KEY);
  await expect(secondary).toHaveText(KEY);
  const key = (await primary.textContent())!;
  expect(await secondary.textContent()).not.toBe(key);
  await expect(card.getByRole("button", { name: "Copy the primary key of Echo playground" })).toBeVisible();
  await dismissToasts(page);
  await screenshot(page, "portal-profile-keys");
  await card.getByRole("button", { name: "Hide keys" }).click();
  await expect(primary).toHaveText(/^•+$/);

  // The API page: the samples carry the developer's own key.
  await page.goto("/apis/dp-echo");
  await expect(page.getByLabel("Key in the samples").locator("option:checked")).toHaveText("Echo playground — primary key");
  await expect(page.getByLabel("Key in the samples").locator("option")).toHaveText(["Echo playground — primary key", "Echo playground — secondary key"]);
  await expect(page.getByTestId("sample-wscat")).toContainText(`-H "Ocp-Apim-Subscription-Key: ${key}"`);
  await page.getByRole("tab", { name: "Browser JavaScript" }).click();
  await expect(page.getByTestId("sample-browser")).toContainText(`new WebSocket("${E2E_PUBLIC_GATEWAY_URL}/dp-echo?subscription-key=${key}")`);
  await page.getByRole("tab", { name: "Node.js (ws)" }).click();
  await expect(page.getByTestId("sample-node")).toContainText(`headers: { "Ocp-Apim-Subscription-Key": "${key}" }`);
  await expect(page.getByTestId("api-product-dp-starter").getByTestId("own-subscription-states")).toContainText("1 active");

  // What the samples say works: the key opens the API through the real gateway.
  const echoed = await new Promise<string>((resolve, reject) => {
    const ws = new WebSocket(`${E2E_PUBLIC_GATEWAY_URL}/dp-echo`, { headers: { "Ocp-Apim-Subscription-Key": key } });
    ws.on("open", () => ws.send("from node"));
    ws.on("message", (m) => {
      ws.close();
      resolve(m.toString());
    });
    ws.on("error", reject);
  });
  expect(echoed).toBe("from node");

  // The console, with the same key: connect, send text and binary, both echoed, disconnect with 1000.
  const consoleArea = page.getByTestId("test-console");
  await consoleArea.scrollIntoViewIfNeeded();
  await expect(page.getByTestId("console-url")).toHaveText(`${E2E_PUBLIC_GATEWAY_URL}/dp-echo?subscription-key=••••••••${key.slice(-4)}`);
  await page.getByRole("button", { name: "Connect", exact: true }).click();
  await expect(page.getByTestId("console-status")).toHaveText("Connected");
  const payload = page.getByRole("textbox", { name: "Payload" });
  await payload.fill("hello from the portal");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  const output = page.getByTestId("console-output");
  const receivedText = output.locator('[data-testid="output-entry"][data-direction="received"][data-type="text"]');
  await expect(receivedText).toHaveCount(1);
  await expect(receivedText).toContainText("hello from the portal");
  await expect(receivedText.locator("time")).toHaveText(CLOCK);
  await page.getByRole("radio", { name: "Binary", exact: true }).check();
  await page.getByRole("radio", { name: "Hex", exact: true }).check();
  await payload.fill("ca fe ba be");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  const receivedBinary = output.locator('[data-testid="output-entry"][data-direction="received"][data-type="binary"]');
  await expect(receivedBinary).toHaveCount(1);
  await expect(receivedBinary).toContainText("ca fe ba be");
  await expect(receivedBinary.locator("time")).toHaveText(CLOCK);
  await page.getByRole("button", { name: "Disconnect", exact: true }).click();
  await expect(page.getByTestId("console-status")).toHaveText("Closed · 1000 Normal Closure");
  await screenshot(page, "portal-api-page");

  // Regenerating the primary key asks first, then replaces it.
  await page.goto("/profile");
  await card.getByRole("button", { name: "Regenerate the primary key of Echo playground" }).click();
  const confirm = page.getByRole("dialog", { name: "Regenerate the primary key?" });
  await expect(confirm).toContainText("The current key stops working at once");
  await confirm.getByRole("button", { name: "Regenerate key" }).click();
  await expect(page.getByTestId("toast").filter({ hasText: "Primary key regenerated" })).toBeVisible();
  await card.getByRole("button", { name: "Show keys" }).click();
  await expect(primary).toHaveText(KEY);
  expect(await primary.textContent()).not.toBe(key);
});

test("an approval-required product: pending on the profile until an administrator approves it in the admin portal; its limit is enforced; cancelling it can close its open connection", async ({ page, browser, request }) => {
  await page.goto("/signin");
  await signIn(page, developer.email, developer.password);
  // No callbackUrl: a developer lands in the developer portal, not in /admin.
  await expect(page).toHaveURL(/\/$/);

  await page.goto("/apis/dp-prices");
  await subscribe(page, "Professional", "Trading desk");
  await expect(page.getByTestId("toast").filter({ hasText: "Subscription requested" })).toBeVisible();
  await expect(page.getByTestId("api-product-dp-pro").getByTestId("own-subscription-states")).toContainText("1 pending approval");
  await expect(page.getByTestId("pending-note")).toContainText("Your subscription Trading desk is pending approval");
  await expect(page.getByTestId("sample-key-hint")).toBeVisible();

  // The limit is one: a second subscription is refused with a message that says why.
  await page.getByRole("button", { name: "Subscribe to Professional" }).click();
  const dialog = page.getByRole("dialog", { name: "Subscribe to Professional" });
  await expect(dialog).toContainText("An administrator approves new subscriptions to this product.");
  await dialog.getByLabel("Subscription name").fill("Second desk");
  await dialog.getByRole("button", { name: "Request subscription" }).click();
  await expect(dialog.getByRole("alert")).toHaveText(
    "You already have 1 subscription to Professional, the most it allows per developer. Cancel one on your profile to subscribe again.",
  );
  await dialog.getByRole("button", { name: "Cancel" }).click();

  await page.goto("/profile");
  const card = page.getByRole("listitem", { name: "Trading desk" });
  await expect(card).toContainText("Pending approval");
  await expect(card).toContainText("Waiting for an administrator to approve it.");
  await expect(card.getByRole("button", { name: "Show keys" })).toHaveCount(0);

  // An administrator approves it in the admin portal.
  const admin = await browser.newContext();
  const adminPage = await admin.newPage();
  await adminPage.goto("/admin/subscriptions");
  await signIn(adminPage);
  await expect(adminPage).toHaveURL(/\/admin\/subscriptions$/);
  await adminPage.getByRole("button", { name: "Approve Trading desk" }).click();
  await expect(adminPage.getByTestId("toast").filter({ hasText: "Subscription approved" })).toBeVisible();
  await admin.close();

  await page.reload();
  await expect(card).toContainText("Active");
  await card.getByRole("button", { name: "Show keys" }).click();
  const sid = ((await card.getAttribute("data-testid")) ?? "").replace(/^subscription-/, "");
  await expect(page.getByTestId(`${sid}-primary-key`)).toHaveText(KEY);

  // A client using the key, open through the gateway (once the gateway has the approval), and listed as open.
  const key = (await page.getByTestId(`${sid}-primary-key`).textContent())!;
  let live = null as WebSocket | null;
  await expect
    .poll(async () => {
      live = await connectThroughGateway(`/dp-prices?prices-key=${encodeURIComponent(key)}`).catch(() => null);
      return live !== null;
    }, { timeout: 15_000 })
    .toBe(true);
  const closed = new Promise<{ code: number; reason: string }>((r) => live!.once("close", (code, reason) => r({ code, reason: reason.toString() })));
  await expect
    .poll(async () => ((await (await request.get(`/api/management/connections?subscriptionId=${sid}`, { headers: bearer })).json()) as { count: number }).count, { timeout: 10_000 })
    .toBe(1);

  // Cancelling ends it: keys gone, listed under the ended ones; asked to, the gateway closes its open connection.
  await card.getByRole("button", { name: "Cancel Trading desk" }).click();
  const cancel = page.getByRole("dialog", { name: "Cancel Trading desk?" });
  await expect(cancel.getByLabel("Close its open connections now")).not.toBeChecked();
  await cancel.getByLabel("Close its open connections now").check();
  await screenshot(page, "developer-cancel");
  await cancel.getByRole("button", { name: "Cancel subscription" }).click();
  await expect(page.getByText("1 ended subscription (cancelled, rejected or expired)")).toBeVisible();
  expect(await closed).toEqual({ code: 1008, reason: "Subscription cancelled" });
  await expect(page.getByRole("list", { name: "Your subscriptions" }).getByRole("listitem", { name: "Trading desk" })).toHaveCount(0);
});

test("sign in comes back to the page asked for; the header offers the admin portal to administrators only; sign out", async ({ page }) => {
  await page.goto("/apis/dp-echo");
  await page.getByTestId("header-sign-in").click();
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fapis%2Fdp-echo$/);
  await expect(page.getByRole("link", { name: "Create a developer account" })).toBeVisible();
  await signIn(page, E2E_DEVELOPER_EMAIL, E2E_DEVELOPER_PASSWORD);
  await expect(page).toHaveURL(/\/apis\/dp-echo$/);
  await expect(page.getByTestId("sample-key-hint")).toContainText("Subscribe to a product that contains this API to get one");
  await page.getByRole("button", { name: `Account menu for ${E2E_DEVELOPER_EMAIL}` }).click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId("header-sign-in")).toBeVisible();

  // An administrator lands in the admin portal and, in the developer portal, sees the way back to it.
  await page.goto("/signin");
  await signIn(page);
  await expect(page).toHaveURL(/\/admin\/apis$/);
  await page.goto("/");
  await expect(page.getByRole("banner").getByRole("link", { name: "Admin portal" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Getting started: publish an API" })).toBeVisible();

  // Signed out, the profile asks to sign in first.
  await page.context().clearCookies();
  await page.goto("/profile");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fprofile$/);
});
