import { expect, test } from "./csp-guard";
import { E2E_ADMIN_EMAIL, E2E_DEVELOPER_EMAIL, E2E_DEVELOPER_PASSWORD } from "./e2e-env";
import { screenshot, signIn } from "./portal";

test("a signed-out visitor of /admin is sent to sign in, then back to the page asked for", async ({ page }) => {
  await page.goto("/admin/apis/new");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fadmin%2Fapis%2Fnew$/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await screenshot(page, "signin");

  await signIn(page);
  await expect(page).toHaveURL(/\/admin\/apis\/new$/);
  await expect(page.getByTestId("signed-in-user")).toHaveText(E2E_ADMIN_EMAIL);
});

test("a wrong password is refused with a clear message and no session", async ({ page }) => {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(E2E_ADMIN_EMAIL);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signin-error")).toHaveText("Invalid email or password.");
  await screenshot(page, "signin-error");
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/signin/);
});

test("a developer who signs in and opens /admin gets the 403 page, not the admin portal", async ({ page }) => {
  await page.goto("/signin?callbackUrl=%2Fadmin");
  await signIn(page, E2E_DEVELOPER_EMAIL, E2E_DEVELOPER_PASSWORD);
  await expect(page.getByRole("heading", { name: "Administrators and publishers only" })).toBeVisible();
  await expect(page.getByText(`You are signed in as ${E2E_DEVELOPER_EMAIL}, a developer.`, { exact: false })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Admin sections" })).toHaveCount(0);
  await screenshot(page, "forbidden");

  const response = await page.goto("/admin/apis");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("table")).toHaveCount(0);

  // The management API checks the role on its own: the developer may read, not write.
  const write = await page.request.put("/api/management/apis/dev-made", {
    headers: { Origin: new URL(page.url()).origin },
    data: { properties: { displayName: "x", path: "dev-made", serviceUrl: "ws://127.0.0.1:9/" } },
  });
  expect(write.status()).toBe(403);
  expect((await write.json()).error.message).toBe("The developer role cannot PUT this resource; it requires administrator or publisher.");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin$/);
});

test("the session cookie works on the management API, but a change without a same-origin Origin is refused", async ({ page }) => {
  await signIn(page);
  const origin = new URL(page.url()).origin;
  const properties = { displayName: "Cookie made", path: "cookie-made", serviceUrl: "ws://127.0.0.1:9/" };

  expect((await page.request.get("/api/management/apis")).status()).toBe(200);
  const crossSite = await page.request.put("/api/management/apis/cookie-made", {
    headers: { Origin: "https://evil.example" },
    data: { properties },
  });
  expect(crossSite.status()).toBe(403);
  expect((await crossSite.json()).error.code).toBe("Forbidden");

  const sameOrigin = await page.request.put("/api/management/apis/cookie-made", { headers: { Origin: origin }, data: { properties } });
  expect(sameOrigin.status()).toBe(201);
  expect((await page.request.delete("/api/management/apis/cookie-made", { headers: { Origin: origin } })).status()).toBe(200);
});

test("signing out ends the session", async ({ page }) => {
  await signIn(page);
  await page.goto("/admin/apis");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin$/);
  expect((await page.request.get("/api/management/apis")).status()).toBe(401);
  await page.goto("/admin/apis");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fadmin%2Fapis$/);
});

test("five wrong passwords in a row make the next tries wait, with a message saying how long", async ({ page }) => {
  const email = "nobody@e2e.test";
  const throttled = /^Too many failed sign-in attempts\. Wait (\d+) seconds? before trying again\.$/;
  const error = page.getByTestId("signin-error");
  const attempt = async (n: number) => {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(`wrong-${n}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("button", { name: "Sign in" })).not.toHaveAttribute("aria-busy");
    await expect(error).toBeVisible();
    return (await error.textContent()) ?? "";
  };

  await page.goto("/signin");
  for (let n = 1; n <= 5; n++) expect(await attempt(n)).toBe("Invalid email or password.");
  // From the sixth try on, a try within the (doubling: 1 s, 2 s, 4 s …) delay is refused
  // unchecked. On a loaded machine a try can take longer than the first delays, so keep trying.
  let message = "";
  for (let n = 6; n <= 10 && !throttled.test(message); n++) message = await attempt(n);
  expect(message).toMatch(throttled);

  // Every spec signs in from 127.0.0.1, so the good sign-in must get through once the IP's delay
  // is over (it then clears the delay): retry it until it does. A try within the delay is refused
  // unchecked, so the retries do not lengthen it.
  const seconds = Number(throttled.exec(message)![1]);
  await expect(async () => {
    await signIn(page);
    await expect(page).toHaveURL(/\/admin\/apis$/);
  }).toPass({ timeout: seconds * 1000 + 60_000 });
});
