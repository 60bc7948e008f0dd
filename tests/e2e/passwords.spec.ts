import { type Page } from "@playwright/test";
import { expect, test } from "./csp-guard";
import { E2E_ADMIN_TOKEN } from "./e2e-env";
import { screenshot, signIn } from "./portal";

const stamp = Date.now().toString(36);

async function fillNewPassword(page: Page, password: string): Promise<void> {
  await page.getByLabel("New password", { exact: true }).fill(password);
  await page.getByLabel("Confirm new password", { exact: true }).fill(password);
}

test("an administrator's one-time link lets a new user choose a password and sign in, once", async ({ page, browser }) => {
  const email = `linked.${stamp}@e2e.test`;
  await signIn(page);
  await page.goto("/admin/users");
  await page.getByRole("button", { name: "Add user" }).click();
  const add = page.getByRole("dialog");
  await add.getByLabel("Email").fill(email);
  await add.getByRole("button", { name: "Add user" }).click();

  // Added without a password: the Password dialog offers the one-time link at once.
  const dialog = page.getByRole("dialog", { name: `Password for ${email}` });
  await dialog.getByRole("button", { name: "Create one-time link" }).click();
  const link = (await dialog.getByTestId("reset-link").textContent())!.trim();
  expect(link).toMatch(/\/reset-password\/[A-Za-z0-9_-]{43}$/);
  await screenshot(page, "users-reset-link");

  // The user opens it in a browser of their own.
  const theirs = await browser.newContext();
  const user = await theirs.newPage();
  await user.goto(link);
  await expect(user.getByRole("heading", { name: "Choose a password" })).toBeVisible();
  await expect(user.getByText(`For ${email}. This link works once.`)).toBeVisible();
  await fillNewPassword(user, "aaaaaaaaaaaa");
  await user.getByRole("button", { name: "Set password" }).click();
  await expect(user.getByText("The password is too easy to guess: it repeats characters (like 'aaaa').", { exact: false })).toBeVisible();
  await fillNewPassword(user, "linked user passphrase");
  await user.getByRole("button", { name: "Set password" }).click();
  await expect(user.getByText(`Your password is set. Sign in with ${email} and your new password.`)).toBeVisible();
  await screenshot(user, "reset-password-done");
  await user.locator("#main").getByRole("link", { name: "Sign in" }).click();
  await signIn(user, email, "linked user passphrase");
  // The new user is a developer: signed in, they land in the developer portal.
  await expect(user.getByTestId("portal-user-name")).toHaveText(email);

  // Second use: refused.
  await user.goto(link);
  await expect(user.locator("#main").getByRole("alert")).toHaveText("This password link has expired or has already been used. Ask an administrator for a new one.");
  await theirs.close();
});

test("a user changes their own password on the profile; their other sessions end", async ({ page, browser, request }) => {
  const email = `changer.${stamp}@e2e.test`;
  const created = await request.put(`/api/management/users/changer-${stamp}`, {
    headers: { Authorization: `Bearer ${E2E_ADMIN_TOKEN}` },
    data: { properties: { email, role: "publisher", password: "changer first passphrase" } },
  });
  expect(created.status(), await created.text()).toBe(201);

  const other = await browser.newContext();
  const elsewhere = await other.newPage();
  await elsewhere.goto("/signin");
  await signIn(elsewhere, email, "changer first passphrase");
  expect((await elsewhere.request.get("/api/management/apis")).status()).toBe(200);

  await page.goto("/signin?callbackUrl=%2Fprofile");
  await signIn(page, email, "changer first passphrase");
  await expect(page).toHaveURL(/\/profile$/);
  await page.getByLabel("Current password", { exact: true }).fill("not my password");
  await fillNewPassword(page, "changer second passphrase");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("The current password is not correct.")).toBeVisible();
  await page.getByLabel("Current password", { exact: true }).fill("changer first passphrase");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fprofile$/);

  // The session in the other browser has ended: the API refuses it, /admin sends it to sign in.
  expect((await elsewhere.request.get("/api/management/apis")).status()).toBe(401);
  await elsewhere.goto("/admin/apis");
  await expect(elsewhere).toHaveURL(/\/signin/);
  await other.close();

  await signIn(page, email, "changer second passphrase");
  await expect(page).toHaveURL(/\/profile$/);
});
