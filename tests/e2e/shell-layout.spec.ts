import AxeBuilder from "@axe-core/playwright";
import type { APIRequestContext, Page } from "@playwright/test";
import { expect, test } from "./csp-guard";
import { E2E_ADMIN_EMAIL, E2E_ADMIN_PASSWORD, E2E_ADMIN_TOKEN, E2E_DEVELOPER_EMAIL, E2E_DEVELOPER_PASSWORD } from "./e2e-env";
import { createApi, screenshot } from "./portal";

/**
 * Every page of both portals, on a phone (390×844) and a desktop (1440×900), in the light and
 * the dark theme: no page scrolls sideways, axe-core finds nothing serious or critical, and a
 * screenshot of each is saved for review. Then the phone layouts' menu button and drawer.
 */

const bearer = { Authorization: `Bearer ${E2E_ADMIN_TOKEN}` };
const API = "shell-chat";
const PRODUCT = "shell-plan";

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };
const THEMES = ["light", "dark"] as const;

const SIGNED_OUT_ROUTES = ["/", "/apis", `/apis/${API}`, "/products", "/signin", "/signup", "/reset-password/not-a-live-link-0123456789"];
const DEVELOPER_ROUTES = ["/", "/apis", `/apis/${API}`, "/products", "/profile", "/admin/apis"];
const ADMIN_ROUTES = [
  "/admin/dashboard",
  `/admin/dashboard/${API}`,
  "/admin/apis",
  "/admin/apis/new",
  `/admin/apis/${API}`,
  "/admin/products",
  "/admin/products/new",
  `/admin/products/${PRODUCT}`,
  "/admin/policies",
  "/admin/gateways",
  "/admin/gateways/managed",
  "/admin/subscriptions",
  "/admin/logs",
  "/admin/connections",
  "/admin/users",
  "/admin/api-tokens",
  "/admin/audit-log",
];
const VISITORS = {
  "signed out": { routes: SIGNED_OUT_ROUTES, signIn: null },
  developer: { routes: DEVELOPER_ROUTES, signIn: [E2E_DEVELOPER_EMAIL, E2E_DEVELOPER_PASSWORD] },
  administrator: { routes: ADMIN_ROUTES, signIn: [] },
} as const;

test.describe.configure({ timeout: 600_000 });

/** An API in a published product, with a subscription of the developer: every detail page has something to show. */
async function seed(request: APIRequestContext): Promise<void> {
  if ((await request.get(`/api/management/apis/${API}`, { headers: bearer })).status() === 404) {
    await createApi(request, API, { displayName: "Shell chat", path: API });
  }
  const product = await request.put(`/api/management/products/${PRODUCT}`, {
    headers: bearer,
    data: { properties: { displayName: "Shell plan", description: "Chat for every screen size.", state: "published" } },
  });
  expect([200, 201], await product.text()).toContain(product.status());
  expect([200, 201]).toContain((await request.put(`/api/management/products/${PRODUCT}/apis/${API}`, { headers: bearer })).status());
  const subscription = await request.put("/api/management/subscriptions/shell-dev-app", {
    headers: bearer,
    data: { properties: { displayName: "Shell dev app", scope: `/products/${PRODUCT}`, ownerId: "e2e-developer", state: "active" } },
  });
  expect([200, 201], await subscription.text()).toContain(subscription.status());
}

/** Signs in through the sign-in page; patient, as password hashing shares two cores with everything else. */
async function signIn(page: Page, email = E2E_ADMIN_EMAIL, password = E2E_ADMIN_PASSWORD): Promise<void> {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/signin/, { timeout: 45_000 });
}

/** The page has rendered its data: no skeleton or busy region is left (reported, and the checks go on, when one is). */
async function settled(page: Page, route: string): Promise<void> {
  await page.waitForLoadState("load");
  await expect.soft(page.locator("[aria-busy=true]"), `${route} is still loading`).toHaveCount(0, { timeout: 20_000 });
}

/** How far the page scrolls sideways (0 when it fits the window). */
function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const root = document.scrollingElement!;
    return root.scrollWidth - root.clientWidth;
  });
}

/** Serious and critical axe-core findings (of `rules`, default all), one line each: rule, impact, the first elements. */
async function seriousViolations(page: Page, rules?: string[]): Promise<string[]> {
  const builder = new AxeBuilder({ page });
  const results = await (rules ? builder.withRules(rules) : builder).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes
      .slice(0, 4)
      .map((n) => `${n.target.join(" ")} ${n.failureSummary?.split("\n")[1]?.trim() ?? ""}`)
      .join(" | ")}`);
}

function shotName(visitor: string, route: string, size: string, theme: string): string {
  const path = route === "/" ? "home" : route.slice(1).replace(/[^a-z0-9]+/gi, "-");
  return `shell-${visitor.replace(" ", "-")}-${path}-${size}-${theme}`;
}

test.beforeAll(async ({ playwright, baseURL }) => {
  const request = await playwright.request.newContext({ baseURL });
  await seed(request);
  await request.dispose();
});

/**
 * One route at one size: it fits the window in both themes (the theme changes colours, not
 * geometry, so the width is measured once), axe-core finds nothing serious or critical in
 * `axeTheme` (`rules` of it, default all), and a screenshot of each theme is saved.
 */
async function checkRoute(page: Page, route: string, shot: (theme: string) => string, axeTheme: (typeof THEMES)[number], rules?: string[]): Promise<void> {
  await page.emulateMedia({ colorScheme: THEMES[0] });
  await page.goto(route);
  await settled(page, route);
  // The theme switches in place: without this, colour transitions would still be on their
  // way from the light values when axe measures contrast in the dark.
  await page.addStyleTag({ content: "*, *::before, *::after { transition: none !important; }" });
  expect.soft(await sidewaysOverflow(page), `${route} (${page.viewportSize()?.width} px wide) scrolls sideways by this many pixels`).toBe(0);
  for (const theme of THEMES) {
    await page.emulateMedia({ colorScheme: theme });
    if (theme === axeTheme) expect.soft(await seriousViolations(page, rules), `${route} (${theme}): serious or critical axe-core violations`).toEqual([]);
    await screenshot(page, shot(theme));
  }
}

// Each visitor's pages are loaded on a desktop and a phone, in two pages of one signed-in context.
// axe-core runs every rule on the desktop in the light theme, and the contrast rule on the phone in
// the dark one: the themes differ only in colours, so each theme's colours are checked once and
// both layouts are checked (the phone drawers' own checks are in the tests below).
for (const [visitor, { routes, signIn: credentials }] of Object.entries(VISITORS)) {
  test(`${visitor}: every page fits a phone and a desktop window, light and dark, with no serious accessibility violation`, async ({ page, context }) => {
    await page.setViewportSize(DESKTOP);
    if (credentials) await signIn(page, ...(credentials as [] | [string, string]));
    const phone = await context.newPage();
    await phone.setViewportSize(PHONE);
    for (const route of routes) {
      await checkRoute(page, route, (theme) => shotName(visitor, route, "desktop", theme), "light");
      await checkRoute(phone, route, (theme) => shotName(visitor, route, "phone", theme), "dark", ["color-contrast"]);
    }
    await phone.close();
  });
}

test("the icon: /favicon.ico and the page's icon link answer with an image", async ({ page, request }) => {
  const ico = await request.get("/favicon.ico");
  expect(ico.status()).toBe(200);
  expect(ico.headers()["content-type"]).toBe("image/x-icon");
  await page.goto("/");
  const href = await page.locator('link[rel="icon"][type="image/svg+xml"]').getAttribute("href");
  const svg = await request.get(href!);
  expect(svg.status()).toBe(200);
  expect(svg.headers()["content-type"]).toBe("image/svg+xml");
});

test("developer portal on a phone: Sign in and Sign up fit, the menu button opens the sections, Escape closes them", async ({ page }) => {
  await page.setViewportSize(PHONE);
  await page.goto("/");
  for (const name of ["Sign in", "Sign up"]) {
    const box = (await page.getByRole("banner").getByRole("link", { name, exact: true }).boundingBox())!;
    expect(box.x + box.width, `"${name}" ends inside the window`).toBeLessThanOrEqual(PHONE.width);
  }
  const menu = page.getByRole("button", { name: "Menu", exact: true });
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(page.getByRole("navigation", { name: "Portal sections" })).toBeHidden();
  await menu.click();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  const drawer = page.locator(`#${await menu.getAttribute("aria-controls")}`);
  await expect(drawer).toHaveAccessibleName("Portal sections");
  await expect(drawer.getByRole("link", { name: "APIs" })).toBeFocused();
  await screenshot(page, "shell-portal-phone-menu-open");
  expect(await seriousViolations(page), "the open drawer: serious or critical axe-core violations").toEqual([]);
  await page.keyboard.press("Escape");
  await expect(drawer).toBeHidden();
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(menu).toBeFocused();

  await menu.click();
  await drawer.getByRole("link", { name: "Products" }).click();
  await expect(page).toHaveURL(/\/products$/);
  await expect(drawer).toBeHidden();

  await signIn(page, E2E_DEVELOPER_EMAIL, E2E_DEVELOPER_PASSWORD);
  await page.goto("/apis");
  const account = page.getByRole("button", { name: `Account menu for ${E2E_DEVELOPER_EMAIL}` });
  await account.click();
  const signOut = page.getByRole("button", { name: "Sign out" });
  const box = (await signOut.boundingBox())!;
  expect(box.x, "the account menu starts inside the window").toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, "the account menu ends inside the window").toBeLessThanOrEqual(PHONE.width);
  await screenshot(page, "shell-portal-phone-account-menu");

  await page.setViewportSize(DESKTOP);
  await expect(page.getByRole("button", { name: "Menu", exact: true })).toBeHidden();
  await expect(page.getByRole("navigation", { name: "Portal sections" }).getByRole("link", { name: "APIs" })).toBeVisible();
});

test("admin portal on a phone: the sidebar is a drawer behind the menu button; it holds focus, Escape and navigation close it", async ({ page }) => {
  await page.setViewportSize(PHONE);
  await signIn(page);
  await page.goto("/admin/apis");
  const menu = page.getByRole("button", { name: "Menu", exact: true });
  const sections = page.getByRole("navigation", { name: "Admin sections" });
  await expect(sections).toBeHidden();
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await menu.click();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  const drawer = page.locator(`#${await menu.getAttribute("aria-controls")}`);
  await expect(drawer).toHaveAccessibleName("Admin menu");
  await expect(drawer.getByRole("button", { name: "Close menu" })).toBeFocused();
  await expect(sections.getByRole("link", { name: "Gateway logs" })).toBeVisible();
  await expect(drawer.getByTestId("signed-in-user")).toHaveText("admin@e2e.test");
  // The page behind is inert: Tab stays in the drawer.
  for (let i = 0; i < 20; i++) await page.keyboard.press("Tab");
  expect(await drawer.evaluate((node) => node.contains(document.activeElement))).toBe(true);
  await screenshot(page, "shell-admin-phone-menu-open");
  expect(await seriousViolations(page), "the open drawer: serious or critical axe-core violations").toEqual([]);

  await page.keyboard.press("Escape");
  await expect(drawer).toBeHidden();
  await expect(menu).toBeFocused();

  await menu.click();
  await drawer.getByRole("button", { name: "Close menu" }).click();
  await expect(drawer).toBeHidden();
  await expect(menu).toBeFocused();

  await menu.click();
  await sections.getByRole("link", { name: "Gateway logs" }).click();
  await expect(page).toHaveURL(/\/admin\/logs$/);
  await expect(drawer).toBeHidden();
  await expect(menu).toHaveAttribute("aria-expanded", "false");

  await page.setViewportSize(DESKTOP);
  await expect(menu).toBeHidden();
  await expect(sections.getByRole("link", { name: "Gateway logs" })).toHaveAttribute("aria-current", "page");
});
