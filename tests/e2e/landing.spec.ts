import { expect, test } from "./csp-guard";
import { E2E_ADMIN_TOKEN, E2E_PUBLIC_GATEWAY_URL } from "./e2e-env";
import { screenshot, signIn } from "./portal";

test("the home page names the product and shows the gateway URL; publishers get the quick start with the API count", async ({ page, request }) => {
  await page.goto("/");
  await expect(page).toHaveTitle("Portcullis — WebSocket API management");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Portcullis — WebSocket API management");
  await expect(page.getByTestId("hero-gateway-url")).toHaveText(E2E_PUBLIC_GATEWAY_URL);

  // The operators' quick start (once the landing page's content) is on the home page for publishers.
  await page.goto("/signin?callbackUrl=%2F");
  await signIn(page);
  await expect(page).toHaveURL(/\/$/);
  const quickStart = page.getByRole("region", { name: "Getting started: publish an API" });
  await expect(quickStart).toBeVisible();
  await expect(quickStart.getByTestId("gateway-url")).toHaveText(E2E_PUBLIC_GATEWAY_URL);

  const before = Number(await quickStart.getByTestId("api-count").textContent());
  const created = await request.put(`/api/management/apis/landing-e2e`, {
    headers: { Authorization: `Bearer ${E2E_ADMIN_TOKEN}` },
    data: { properties: { displayName: "Landing e2e", serviceUrl: "ws://127.0.0.1:9/", path: "landing-e2e" } },
  });
  expect(created.status()).toBe(201);

  await page.reload();
  await expect(quickStart.getByTestId("api-count")).toHaveText(String(before + 1));
  await expect(quickStart.getByText(`npx wscat -c ${E2E_PUBLIC_GATEWAY_URL}/echo`)).toBeVisible();
  await screenshot(page, "landing");
});
