import type { Page } from "@playwright/test";
import { expect, test } from "./csp-guard";
import { E2E_ADMIN_TOKEN } from "./e2e-env";
import { createApi, screenshot, signIn } from "./portal";

const bearer = { Authorization: `Bearer ${E2E_ADMIN_TOKEN}` };

// Serial: each step uses what the one before made. Generous: two cores are shared with the portal, the gateway and Chromium.
test.describe.configure({ mode: "serial", timeout: 150_000 });

/** Closes the toasts so screenshots show the page; a toast may also leave by itself meanwhile. */
async function dismissToasts(page: Page): Promise<void> {
  const buttons = page.getByTestId("toast").getByRole("button", { name: "Dismiss" });
  while ((await buttons.count()) > 0) await buttons.first().click({ timeout: 2_000 }).catch(() => {});
}

test.beforeEach(async ({ page }) => {
  await page.goto("/admin/products");
  await signIn(page);
});

test("Products: add a product, then add an API to it from the picker", async ({ page, request }) => {
  await createApi(request, "res-chat", { displayName: "Resource chat", path: "res-chat" });
  await page.goto("/admin/products");
  await page.getByRole("link", { name: "Add product" }).first().click();
  await page.getByLabel("Display name").fill("Gold plan");
  await expect(page.getByLabel("Id", { exact: true })).toHaveValue("gold-plan");
  await page.getByLabel("Description").fill("Unlimited chat for paying customers.");
  await page.getByRole("checkbox", { name: "Published" }).check();
  await page.getByRole("checkbox", { name: "Approval required" }).check();
  await page.getByLabel("Subscriptions limit").fill("3");
  await screenshot(page, "product-new");
  await page.getByRole("button", { name: "Create product" }).click();
  await expect(page).toHaveURL(/\/admin\/products\/gold-plan$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Gold plan");
  await expect(page.getByText("No APIs in this product yet")).toBeVisible();
  await page.getByLabel("API to add").selectOption({ label: "Resource chat (/res-chat)" });
  await page.getByRole("button", { name: "Add API" }).click();
  await expect(page.getByRole("list", { name: "Product APIs" }).getByRole("listitem")).toHaveCount(1);
  await expect(page.getByRole("list", { name: "Product APIs" })).toContainText("Resource chat");
  await dismissToasts(page);
  await screenshot(page, "product-page");
  await page.getByRole("link", { name: "Products" }).first().click();
  const productRow = page.getByRole("table", { name: "Products" }).getByRole("row").filter({ hasText: "Gold plan" });
  await expect(productRow).toContainText("Published");
  await expect(productRow).toContainText("Approval");
  await expect(productRow.getByRole("cell").last()).toHaveText("1");
  await screenshot(page, "products-list");
});

test("Subscriptions: add one for the product and reveal its keys; approve a submitted one", async ({ page, request }) => {
  await page.getByRole("link", { name: "Subscriptions" }).first().click();
  await page.getByRole("button", { name: "Add subscription" }).click();
  const create = page.getByRole("dialog");
  await create.getByLabel("Display name").fill("Gold app");
  await create.getByLabel("Id").fill("gold-app");
  await create.getByLabel("Scope").selectOption({ label: "Gold plan" });
  await screenshot(page, "subscription-new");
  await create.getByRole("button", { name: "Create subscription" }).click();
  const keys = page.getByRole("dialog", { name: "Keys of Gold app" });
  await expect(keys).toBeVisible();
  await expect(keys.getByTestId("primary-key")).toHaveText(/^•+$/);
  await keys.getByRole("button", { name: "Show keys" }).click();
  await expect(keys.getByTestId("primary-key")).toHaveText(/^[A-Za-z0-9._~-]{16,}$/);
  await expect(keys.getByTestId("secondary-key")).toHaveText(/^[A-Za-z0-9._~-]{16,}$/);
  await expect(keys.getByRole("button", { name: "Copy primary key" })).toBeVisible();
  await screenshot(page, "subscription-keys");
  await keys.getByRole("button", { name: "Done" }).click();
  await expect(keys).toBeHidden();

  const submitted = await request.put("/api/management/subscriptions/pending-app", {
    headers: bearer,
    data: { properties: { displayName: "Pending app", scope: "/products/gold-plan", state: "submitted" } },
  });
  expect(submitted.status(), await submitted.text()).toBe(201);
  // The product requires approval, so the one made here waits too.
  await expect(page.getByTestId("subscription-gold-app")).toContainText("Submitted");
  await page.reload();
  await page.getByRole("combobox", { name: "Scope", exact: true }).selectOption({ label: "Gold plan" });
  await page.getByRole("combobox", { name: "State", exact: true }).selectOption("submitted");
  const pendingRow = page.getByTestId("subscription-pending-app");
  await expect(pendingRow).toContainText("Submitted");
  await expect(page.getByRole("table", { name: "Subscriptions" }).getByRole("row")).toHaveCount(3);
  await page.getByRole("combobox", { name: "State", exact: true }).selectOption("active");
  await expect(page.getByRole("heading", { name: "No subscriptions match these filters" })).toBeVisible();
  await page.getByRole("button", { name: "Clear filters" }).click();
  await dismissToasts(page);
  await screenshot(page, "subscriptions-list");
  await page.getByRole("button", { name: "Approve Pending app" }).click();
  await expect(pendingRow).toContainText("Active");
  await expect(page.getByTestId("toast").filter({ hasText: "Subscription approved" })).toBeVisible();

  // Suspending an active subscription offers to close its open connections (unticked at first).
  await page.getByRole("button", { name: "Suspend Pending app" }).click();
  const suspend = page.getByRole("dialog", { name: "Suspend Pending app?" });
  const closeNow = suspend.getByLabel("Close its open connections now");
  await expect(closeNow).not.toBeChecked();
  await closeNow.check();
  await screenshot(page, "subscription-suspend");
  const patch = page.waitForRequest((r) => r.method() === "PATCH" && r.url().includes("/subscriptions/pending-app"));
  await suspend.getByRole("button", { name: "Suspend subscription" }).click();
  expect(new URL((await patch).url()).searchParams.get("closeConnections")).toBe("true");
  await expect(pendingRow).toContainText("Suspended");
});

test("API tokens: a new token is shown once, with a copy button", async ({ page }) => {
  await page.getByRole("link", { name: "API tokens" }).first().click();
  await page.getByRole("button", { name: "Create token" }).first().click();
  const tokenForm = page.getByRole("dialog", { name: "Create API token" });
  await tokenForm.getByLabel("Name").fill("CI deploy");
  await tokenForm.getByLabel("Role").selectOption("publisher");
  await tokenForm.getByRole("button", { name: "Create token" }).click();
  const shown = page.getByRole("dialog", { name: "Copy your new token" });
  await expect(shown.getByTestId("new-token")).toHaveText(/^pk_[A-Za-z0-9_-]{43}$/);
  const token = (await shown.getByTestId("new-token").textContent())!;
  await expect(shown.getByRole("button", { name: "Copy token" })).toBeVisible();
  await screenshot(page, "api-token-created");
  await shown.getByRole("button", { name: "I have stored it" }).click();
  await expect(shown).toBeHidden();
  const tokenRow = page.getByRole("table", { name: "API tokens" }).getByRole("row").filter({ hasText: "CI deploy" });
  await expect(tokenRow).toContainText(token.slice(0, 6));
  await expect(page.getByText(token)).toHaveCount(0);
  await dismissToasts(page);
  await screenshot(page, "api-tokens-list");
});

test("Users: add a user, then block them", async ({ page }) => {
  await page.getByRole("link", { name: "Users" }).first().click();
  await page.getByRole("button", { name: "Add user" }).click();
  const userForm = page.getByRole("dialog", { name: "Add user" });
  await userForm.getByLabel("Email").fill("grace@e2e.test");
  await userForm.getByLabel("First name").fill("Grace");
  await userForm.getByLabel("Last name").fill("Hopper");
  await userForm.getByLabel("Role").selectOption("publisher");
  await userForm.getByLabel("Initial password").fill("grace-password-1");
  await userForm.getByRole("button", { name: "Add user" }).click();
  await expect(userForm).toBeHidden();
  const userRow = page.getByRole("table", { name: "Users" }).getByRole("row").filter({ hasText: "grace@e2e.test" });
  await expect(userRow).toContainText("Grace Hopper");
  await expect(userRow).toContainText("active");
  await userRow.getByRole("button", { name: "Block grace@e2e.test" }).click();
  await page.getByRole("dialog", { name: "Block grace@e2e.test?" }).getByRole("button", { name: "Block user" }).click();
  await expect(userRow).toContainText("blocked");
  await expect(userRow.getByRole("button", { name: "Unblock" })).toBeVisible();
  await dismissToasts(page);
  await screenshot(page, "users-list");

  // Deleting the user takes their subscriptions along, and offers to close their connections.
  await userRow.getByRole("button", { name: "Delete grace@e2e.test" }).click();
  const deleting = page.getByRole("dialog", { name: "Delete grace@e2e.test?" });
  await deleting.getByLabel("Close its open connections now").check();
  await deleting.getByLabel("Type grace@e2e.test to confirm").fill("grace@e2e.test");
  const sent = page.waitForRequest((r) => r.method() === "DELETE" && r.url().includes("/users/"));
  await deleting.getByRole("button", { name: "Delete user" }).click();
  const query = new URL((await sent).url()).searchParams;
  expect({ deleteSubscriptions: query.get("deleteSubscriptions"), closeConnections: query.get("closeConnections") }).toEqual({ deleteSubscriptions: "true", closeConnections: "true" });
  await expect(userRow).toHaveCount(0);
});

test("Gateways: register a self-hosted gateway and assign it an API", async ({ page }) => {
  await page.getByRole("link", { name: "Gateways" }).first().click();
  await expect(page.getByRole("table", { name: "Gateways" })).toContainText("Managed");
  await screenshot(page, "gateways-list");
  await page.getByRole("button", { name: "Register gateway" }).click();
  const gatewayForm = page.getByRole("dialog", { name: "Register a self-hosted gateway" });
  await gatewayForm.getByLabel("Display name").fill("Edge EU");
  await expect(gatewayForm.getByLabel("Id")).toHaveValue("edge-eu");
  await gatewayForm.getByLabel("Description").fill("Frankfurt data centre");
  await gatewayForm.getByRole("button", { name: "Register gateway" }).click();
  await expect(page).toHaveURL(/\/admin\/gateways\/edge-eu$/);
  await page.getByLabel("API to assign").selectOption({ label: "Resource chat (/res-chat)" });
  await page.getByRole("button", { name: "Assign", exact: true }).click();
  await expect(page.getByRole("list", { name: "Gateway APIs" })).toContainText("Resource chat");
  await dismissToasts(page);
  await screenshot(page, "gateway-page");
});

test("Audit log: every change above, filtered by resource, with before and after side by side", async ({ page }) => {
  await page.getByRole("link", { name: "Audit log" }).first().click();
  const audit = page.getByRole("table", { name: "Audit log" });
  for (const resource of ["/products/gold-plan", "/products/gold-plan/apis/res-chat", "/subscriptions/gold-app", "/subscriptions/pending-app", "/gateways/edge-eu"]) {
    await expect(audit.getByRole("cell", { name: resource, exact: true }).first()).toBeVisible();
  }
  await expect(audit).toContainText("/apiTokens/");
  await expect(audit).toContainText("/users/");
  await screenshot(page, "audit-log");
  await page.getByLabel("Resource").fill("/subscriptions/pending-app");
  // Header, create, approve, suspend (newest first): the approval is the older update.
  await expect(audit.getByRole("row")).toHaveCount(4);
  await audit.getByRole("row", { name: /update \/subscriptions\/pending-app/ }).last().click();
  const detail = page.getByTestId("audit-detail");
  await expect(detail.getByRole("region", { name: "Before" })).toContainText('"state": "submitted"');
  await expect(detail.getByRole("region", { name: "After" })).toContainText('"state": "active"');
  await screenshot(page, "audit-detail");
});
