import type { APIRequestContext, Page } from "@playwright/test";
import { expect, test } from "./csp-guard";
import { SignJWT } from "jose";
import type { AddressInfo } from "node:net";
import WebSocket, { WebSocketServer } from "ws";
import { E2E_ADMIN_TOKEN, E2E_PUBLIC_GATEWAY_URL } from "./e2e-env";
import { createApi, screenshot, signIn } from "./portal";

const bearer = { Authorization: `Bearer ${E2E_ADMIN_TOKEN}` };
const PUBLISHER = { email: "publisher@e2e.test", password: "e2e-publisher-password" };

/** The HS256 secret the policy's issuer signing key holds (32 bytes), and that key as base64. */
const SECRET = new TextEncoder().encode("portcullis-e2e-jwt-secret-32byte");
const SECRET_BASE64 = Buffer.from(SECRET).toString("base64");
const ISSUER = "https://issuer.e2e.test/";

/** Inherited documents for the effective view; neither refuses the test's loopback client. */
const GLOBAL_POLICY = `<policies>
  <inbound>
    <set-header name="X-Portcullis-E2E" exists-action="override">
      <value>global</value>
    </set-header>
  </inbound>
</policies>`;
const PRODUCT_POLICY = `<policies>
  <inbound>
    <base />
    <ip-filter action="allow">
      <address-range from="127.0.0.1" to="127.0.0.255" />
    </ip-filter>
  </inbound>
</policies>`;

/** The status the gateway answers a handshake with: 101 when it opens, else the refusal's status. */
function handshakeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once("open", () => {
      ws.close();
      resolve(101);
    });
    ws.once("unexpected-response", (_req, res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once("error", reject);
  });
}

/** Polls until the gateway answers `expected` (config reloads apply within a second), then returns the last status. */
async function eventually(url: string, headers: Record<string, string>, expected: number): Promise<number> {
  const deadline = Date.now() + 10_000;
  let status = 0;
  while (Date.now() < deadline) {
    status = await handshakeStatus(url, headers).catch(() => 0);
    if (status === expected) return status;
    await new Promise((r) => setTimeout(r, 200));
  }
  return status;
}

async function ensurePublisher(request: APIRequestContext): Promise<void> {
  const response = await request.put("/api/management/users/e2e-publisher", {
    headers: bearer,
    data: { properties: { email: PUBLISHER.email, firstName: "Pat", lastName: "Lisher", role: "publisher", password: PUBLISHER.password } },
  });
  expect([200, 201], await response.text()).toContain(response.status());
}

async function putPolicy(request: APIRequestContext, path: string, value: string): Promise<void> {
  const response = await request.put(`/api/management${path}`, { headers: bearer, data: { properties: { format: "xml", value } } });
  expect([200, 201], await response.text()).toContain(response.status());
}

/** The policy editor's text, as CodeMirror holds it (its lines are separate elements). */
async function editorText(page: Page): Promise<string> {
  return page.getByRole("textbox", { name: "Policy document" }).evaluate((el) => Array.from(el.querySelectorAll(".cm-line"), (line) => line.textContent ?? "").join("\n"));
}

/** Puts the caret at the end of the first line that contains `text`. */
async function caretAfter(page: Page, text: string): Promise<void> {
  const line = page.getByRole("textbox", { name: "Policy document" }).locator(".cm-line", { hasText: text }).first();
  await line.click();
  await page.keyboard.press("End");
}

test.describe.configure({ mode: "serial" });

test("a publisher adds validate-jwt to an API's onHandshake policy: a typo is flagged as typed and refused on save, the fixed policy is saved, and the gateway enforces it", async ({
  page,
  request,
}) => {
  // The longest flow of the suite: a browser session, two saves, and handshakes through the gateway.
  test.slow();
  const backend = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  backend.on("connection", (ws) => ws.on("message", (data, isBinary) => ws.send(data, { binary: isBinary })));
  await new Promise<void>((r) => backend.once("listening", () => r()));
  const backendUrl = `ws://127.0.0.1:${(backend.address() as AddressInfo).port}/`;
  const gatewayUrl = `${E2E_PUBLIC_GATEWAY_URL}/jwt-echo`;

  try {
    await ensurePublisher(request);
    await createApi(request, "jwt-echo", { displayName: "JWT echo", path: "jwt-echo", serviceUrl: backendUrl, subscriptionRequired: false });
    // Inherited parts for the effective view: a global and a product policy, and the API in the product.
    await putPolicy(request, "/policies/policy", GLOBAL_POLICY);
    const product = await request.put("/api/management/products/jwt-plan", { headers: bearer, data: { properties: { displayName: "JWT plan", state: "published" } } });
    expect([200, 201]).toContain(product.status());
    expect([200, 201]).toContain((await request.put("/api/management/products/jwt-plan/apis/jwt-echo", { headers: bearer })).status());
    await putPolicy(request, "/products/jwt-plan/policies/policy", PRODUCT_POLICY);
    // Without a policy the API is open.
    expect(await eventually(gatewayUrl, {}, 101)).toBe(101);

    await page.goto("/admin/apis/jwt-echo");
    await signIn(page, PUBLISHER.email, PUBLISHER.password);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("JWT echo");

    // Select the onHandshake operation → its policies.
    await page.getByTestId("operation-onHandshake").getByRole("link", { name: "Policies" }).click();
    await expect(page.getByRole("tab", { name: "Policies" })).toHaveAttribute("aria-selected", "true");
    await expect(page).toHaveURL(/\?tab=policies$/);
    const editor = page.getByRole("textbox", { name: "Policy document" });
    // The editor loads on demand (CodeMirror is not in the page's first load): give a busy machine time.
    await expect(editor).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText("Not set — inherits")).toBeVisible();
    await expect(page.getByTestId("policy-status")).toHaveText("No problems");
    expect(await editorText(page)).toBe(
      "<policies>\n  <inbound>\n    <base />\n  </inbound>\n  <backend>\n    <base />\n  </backend>\n  <outbound>\n    <base />\n  </outbound>\n  <on-error>\n    <base />\n  </on-error>\n</policies>",
    );

    // A typo, typed: underlined in the text and listed under it, with where it is.
    await caretAfter(page, "<base />");
    await page.keyboard.insertText('\n    <valdate-jwt header-name="Authorization" />');
    await expect(page.getByText("Unsaved changes", { exact: true })).toBeVisible();
    await expect(page.getByTestId("policy-status")).toHaveText("1 error");
    const problems = page.getByRole("list", { name: "Problems", exact: true });
    await expect(problems.getByRole("listitem")).toHaveCount(1);
    await expect(problems).toContainText("Line 4, column 6: unknown policy <valdate-jwt> (did you mean <validate-jwt>?)");
    await expect(editor.locator(".cm-lintRange-error")).toHaveText("valdate-jwt");
    await screenshot(page, "policy-editor-diagnostic");

    // Saved anyway: the server runs the same validator and refuses it, saying where.
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByTestId("toast").filter({ hasText: "The policy was not saved" })).toBeVisible();
    const refused = page.getByRole("list", { name: "Problems the server found" });
    await expect(refused).toContainText("Line 4, column 6:");
    await expect(refused).toContainText("valdate-jwt");
    expect((await request.get("/api/management/apis/jwt-echo/policies/policy", { headers: bearer })).status()).toBe(404);

    // The listed problem takes the caret to it; undo removes the typed line.
    await problems.getByRole("button").click();
    await expect(editor).toBeFocused();
    expect(await page.evaluate(() => window.getSelection()?.toString())).toBe("valdate-jwt");
    await page.keyboard.press("Control+z");
    await expect(page.getByTestId("policy-status")).toHaveText("No problems");
    await expect(problems).toHaveCount(0);
    await expect(refused).toHaveCount(0);
    await expect(page.getByText("Unsaved changes", { exact: true })).toHaveCount(0);

    // Add policy → validate-jwt with the issuer signing key.
    await page.getByRole("button", { name: "Add policy" }).click();
    const palette = page.getByRole("dialog", { name: "Add policy" });
    await expect(palette).toBeVisible();
    await palette.getByRole("button", { name: /^validate-jwt/ }).click();
    await palette.getByRole("button", { name: "Insert policy" }).click();
    await expect(palette.getByLabel("Issuer signing key (base64)")).toBeFocused();
    await expect(palette.getByText("Required: the base64 of the secret that signs the tokens.")).toBeVisible();
    await palette.getByLabel("Issuer signing key (base64)").fill(SECRET_BASE64);
    await palette.getByLabel("Issuers").fill(ISSUER);
    await palette.getByLabel("Refusal message").fill("Unauthorized");
    await expect(palette.getByTestId("policy-preview")).toContainText(`<key>${SECRET_BASE64}</key>`);
    await palette.getByTestId("policy-form").evaluate((form) => form.scrollTo(0, 0));
    await screenshot(page, "policy-palette");
    await palette.getByRole("button", { name: "Insert policy" }).click();
    await expect(palette).toBeHidden();

    expect(await editorText(page)).toBe(
      [
        "<policies>",
        "  <inbound>",
        "    <base />",
        `    <validate-jwt header-name="Authorization" failed-validation-httpcode="401" failed-validation-error-message="Unauthorized" require-scheme="Bearer">`,
        "      <issuer-signing-keys>",
        `        <key>${SECRET_BASE64}</key>`,
        "      </issuer-signing-keys>",
        "      <issuers>",
        `        <issuer>${ISSUER}</issuer>`,
        "      </issuers>",
        "    </validate-jwt>",
        "  </inbound>",
        "  <backend>",
        "    <base />",
        "  </backend>",
        "  <outbound>",
        "    <base />",
        "  </outbound>",
        "  <on-error>",
        "    <base />",
        "  </on-error>",
        "</policies>",
      ].join("\n"),
    );
    await expect(page.getByTestId("policy-status")).toHaveText("No problems");

    // Ctrl+S saves.
    await page.keyboard.press("Control+s");
    await expect(page.getByTestId("toast").filter({ hasText: "Policy saved" })).toBeVisible();
    await expect(page.getByText("Unsaved changes", { exact: true })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Delete policy" })).toBeVisible();
    const stored = await request.get("/api/management/apis/jwt-echo/policies/policy", { headers: bearer });
    expect(stored.status()).toBe(200);
    expect((await stored.json()).properties.value).toBe(await editorText(page));

    // The effective policy: global, then the product's, then this API's, each marked.
    await page.getByRole("radio", { name: "Effective policy" }).click();
    const effective = page.getByTestId("effective-policy");
    await expect(page.getByLabel("Product", { exact: true })).toHaveValue("jwt-plan");
    const inbound = effective.getByRole("list", { name: "inbound policies" });
    await expect(inbound.getByRole("listitem")).toHaveCount(3);
    await expect(inbound.getByRole("listitem").nth(0)).toContainText("Global");
    await expect(inbound.getByRole("listitem").nth(0)).toContainText('<set-header name="X-Portcullis-E2E" exists-action="override">');
    await expect(inbound.getByRole("listitem").nth(1)).toContainText("Product: JWT plan");
    await expect(inbound.getByRole("listitem").nth(1)).toContainText('<ip-filter action="allow">');
    await expect(inbound.getByRole("listitem").nth(2)).toContainText("This API");
    await expect(inbound.getByRole("listitem").nth(2)).toContainText("<validate-jwt");
    await screenshot(page, "policy-effective");
    await page.getByLabel("Product", { exact: true }).selectOption("none");
    await expect(inbound.getByRole("listitem")).toHaveCount(2);
    await expect(inbound.getByRole("listitem").nth(1)).toContainText("This API");
    await page.getByRole("radio", { name: "Edit document" }).click();
    await expect(editor).toBeVisible();

    // The gateway enforces it: no token, 401; a token signed with the secret, 101.
    expect(await eventually(gatewayUrl, {}, 401)).toBe(401);
    const token = await new SignJWT({ sub: "e2e" }).setProtectedHeader({ alg: "HS256" }).setIssuer(ISSUER).setIssuedAt().setExpirationTime("5m").sign(SECRET);
    expect(await handshakeStatus(gatewayUrl, { Authorization: `Bearer ${token}` })).toBe(101);
    const forged = await new SignJWT({ sub: "e2e" }).setProtectedHeader({ alg: "HS256" }).setIssuer(ISSUER).setExpirationTime("5m").sign(new TextEncoder().encode("another-secret-another-secret-32"));
    expect(await handshakeStatus(gatewayUrl, { Authorization: `Bearer ${forged}` })).toBe(401);
  } finally {
    await request.delete("/api/management/policies/policy", { headers: bearer });
    await request.delete("/api/management/products/jwt-plan?deleteSubscriptions=true", { headers: bearer });
    await request.delete("/api/management/apis/jwt-echo", { headers: bearer });
    await new Promise<void>((r) => backend.close(() => r()));
  }
});

test("the All APIs policy: Policies in the sidebar, unsaved changes reset, saved, then deleted after confirming", async ({ page, request }) => {
  await request.delete("/api/management/policies/policy", { headers: bearer });
  await page.goto("/admin/apis");
  await signIn(page);
  await page.getByRole("navigation", { name: "Admin sections" }).getByRole("link", { name: "Policies" }).click();
  await expect(page).toHaveURL(/\/admin\/policies$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Policies");
  await expect(page.getByRole("textbox", { name: "Policy document" })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("policy-status")).toHaveText("No problems");
  expect(await editorText(page)).toBe("<policies>\n  <inbound>\n  </inbound>\n  <backend>\n  </backend>\n  <outbound>\n  </outbound>\n  <on-error>\n  </on-error>\n</policies>");

  // <base /> has nothing to inherit at the global scope.
  await caretAfter(page, "<inbound>");
  await page.keyboard.insertText("\n    <base />");
  await expect(page.getByRole("list", { name: "Problems", exact: true })).toContainText("Line 3, column 6: <base /> has nothing to inherit at the global scope (All APIs)");
  await page.getByRole("button", { name: "Reset to saved" }).click();
  await expect(page.getByTestId("policy-status")).toHaveText("No problems");
  await expect(page.getByRole("button", { name: "Reset to saved" })).toBeDisabled();

  await page.getByRole("button", { name: "Add policy" }).click();
  const palette = page.getByRole("dialog", { name: "Add policy" });
  await palette.getByRole("button", { name: /^idle-timeout/ }).click();
  await expect(palette.getByLabel("Idle timeout (seconds)")).toHaveValue("300");
  await palette.getByLabel("Idle timeout (seconds)").fill("600");
  await palette.getByRole("button", { name: "Insert policy" }).click();
  await expect(page.getByText("Unsaved changes", { exact: true })).toBeVisible();
  expect(await editorText(page)).toContain('  <inbound>\n    <idle-timeout seconds="600" />\n  </inbound>');
  // Unsaved text survives a visit to another page of the portal (leaving asks first).
  const nav = page.getByRole("navigation", { name: "Admin sections" });
  await nav.getByRole("link", { name: "APIs" }).click();
  await page.getByRole("dialog", { name: "Leave with unsaved changes?" }).getByRole("button", { name: "Leave page" }).click();
  await expect(page).toHaveURL(/\/admin\/apis$/);
  await nav.getByRole("link", { name: "Policies" }).click();
  await expect(page.getByRole("textbox", { name: "Policy document" })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText("Unsaved changes", { exact: true })).toBeVisible();
  expect(await editorText(page)).toContain('<idle-timeout seconds="600" />');
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByTestId("toast").filter({ hasText: "Policy saved" })).toBeVisible();
  await expect(page.getByText("Saved", { exact: true })).toBeVisible();
  expect((await (await request.get("/api/management/policies/policy", { headers: bearer })).json()).properties.value).toContain('<idle-timeout seconds="600" />');

  await page.getByRole("button", { name: "Delete policy" }).click();
  const confirm = page.getByRole("dialog", { name: "Delete this policy?" });
  await confirm.getByRole("button", { name: "Delete policy" }).click();
  await expect(page.getByTestId("toast").filter({ hasText: "Policy deleted" })).toBeVisible();
  await expect(page.getByText("Not set", { exact: true })).toBeVisible();
  expect((await request.get("/api/management/policies/policy", { headers: bearer })).status()).toBe(404);
  expect(await editorText(page)).not.toContain("idle-timeout");
});
