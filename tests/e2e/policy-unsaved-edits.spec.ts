import type { Locator, Page } from "@playwright/test";
import { expect, test } from "./csp-guard";
import { createApi, screenshot, signIn } from "./portal";

/**
 * Unsaved policy edits are not lost without a question: a sidebar click asks in the portal's
 * own dialog (the App Router fires no event a page could cancel), a reload asks through the
 * browser's "leave page?" prompt, and the toasts that report a save never cover the editor's
 * Save/Reset bar.
 */

const API = "unsaved-echo";

/** The policy editor's text, as CodeMirror holds it (its lines are separate elements). */
async function editorText(page: Page): Promise<string> {
  return page.getByRole("textbox", { name: "Policy document" }).evaluate((el) => Array.from(el.querySelectorAll(".cm-line"), (line) => line.textContent ?? "").join("\n"));
}

/** Whether two elements' boxes on the screen overlap. */
async function overlap(a: Locator, b: Locator): Promise<boolean> {
  const [x, y] = [await a.boundingBox(), await b.boundingBox()];
  if (!x || !y) throw new Error("an element is not on screen");
  return x.x < y.x + y.width && y.x < x.x + x.width && x.y < y.y + y.height && y.y < x.y + x.height;
}

test.describe.configure({ mode: "serial" });

test.use({ viewport: { width: 1440, height: 900 } });

test("unsaved policy edits: a sidebar click asks first, a reload asks through the browser, and toasts leave the Save bar uncovered", async ({ page, request }) => {
  await createApi(request, API, { displayName: "Unsaved echo", path: API });
  await signIn(page);
  await page.goto(`/admin/apis/${API}?tab=policies`);
  const editor = page.getByRole("textbox", { name: "Policy document" });
  await expect(editor).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("policy-status")).toHaveText("No problems");
  const saved = await editorText(page);

  // An edit the server refuses: the error toast appears while the edit is still unsaved.
  await editor.locator(".cm-line", { hasText: "<base />" }).first().click();
  await page.keyboard.press("End");
  await page.keyboard.insertText('\n    <valdate-jwt header-name="Authorization" />');
  await expect(page.getByText("Unsaved changes", { exact: true })).toBeVisible();
  const footer = page.locator("footer[data-toast-avoid]");
  // The bar at the window's bottom edge, where the toasts used to sit.
  await footer.evaluate((el) => el.scrollIntoView({ block: "end" }));
  await page.getByRole("button", { name: "Save", exact: true }).click();
  const toast = page.getByTestId("toast").filter({ hasText: "The policy was not saved" });
  await expect(toast).toBeVisible();
  await footer.evaluate((el) => el.scrollIntoView({ block: "end" }));
  await expect.poll(() => overlap(toast, footer), { message: "the toast covers the Save/Reset bar" }).toBe(false);
  const save = page.getByRole("button", { name: "Save", exact: true });
  // Nothing lies on top of the Save button: a click at its middle reaches it.
  expect(
    await save.evaluate((button) => {
      const box = button.getBoundingClientRect();
      return button.contains(document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2));
    }),
  ).toBe(true);
  await page.screenshot({ path: "tests/e2e/screenshots/policy-toast-above-save-bar.png" });
  await toast.getByRole("button", { name: "Dismiss" }).click();
  const edited = await editorText(page);
  expect(edited).toContain("<valdate-jwt");

  // A sidebar click asks; staying keeps the page and the text.
  const nav = page.getByRole("navigation", { name: "Admin sections" });
  await nav.getByRole("link", { name: "Products" }).click();
  const leave = page.getByRole("dialog", { name: "Leave with unsaved changes?" });
  await expect(leave).toContainText(
    "Your changes to this policy are not saved: handshakes keep running the saved policy. The editor keeps them until you reload or close this tab.",
  );
  await screenshot(page, "policy-unsaved-leave-dialog");
  await leave.getByRole("button", { name: "Cancel" }).click();
  await expect(leave).toBeHidden();
  await expect(page).toHaveURL(new RegExp(`/admin/apis/${API}\\?tab=policies$`));
  expect(await editorText(page)).toBe(edited);

  // Reload asks through the browser; staying keeps the text, leaving loads the saved document.
  const firstPrompt = page.waitForEvent("dialog");
  await page.evaluate(() => setTimeout(() => location.reload(), 0));
  const stay = await firstPrompt;
  expect(stay.type()).toBe("beforeunload");
  await stay.dismiss();
  await expect(page.getByText("Unsaved changes", { exact: true })).toBeVisible();
  expect(await editorText(page)).toBe(edited);
  const secondPrompt = page.waitForEvent("dialog");
  const reloaded = page.waitForEvent("load");
  await page.evaluate(() => setTimeout(() => location.reload(), 0));
  const go = await secondPrompt;
  expect(go.type()).toBe("beforeunload");
  await go.accept();
  await reloaded;
  await expect(editor).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText("Unsaved changes", { exact: true })).toHaveCount(0);
  expect(await editorText(page)).toBe(saved);

  // A new edit, then leaving through the sidebar after all, from the effective view (the editor,
  // hidden behind it, still holds the edit and still asks).
  await editor.locator(".cm-line", { hasText: "<base />" }).first().click();
  await page.keyboard.press("End");
  await page.keyboard.insertText("\n    <!-- draft -->");
  await expect(page.getByText("Unsaved changes", { exact: true })).toBeVisible();
  await page.getByRole("radio", { name: "Effective policy" }).click();
  await expect(editor).toBeHidden();
  await nav.getByRole("link", { name: "Products" }).click();
  await expect(leave).toBeVisible();
  await leave.getByRole("button", { name: "Leave page" }).click();
  await expect(page).toHaveURL(/\/admin\/products$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Products");

  // Nothing unsaved: the sidebar goes at once.
  await nav.getByRole("link", { name: "APIs" }).click();
  await expect(page).toHaveURL(/\/admin\/apis$/);
  await expect(leave).toHaveCount(0);
});
