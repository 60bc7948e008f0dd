import { expect, test } from "@playwright/test";
import { E2E_ADMIN_TOKEN, E2E_PUBLIC_GATEWAY_URL } from "./e2e-env";

test("the landing page names the product, shows the gateway URL and counts the APIs", async ({ page, request }) => {
  await page.goto("/");
  await expect(page).toHaveTitle("Portcullis — WebSocket API management");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Portcullis — WebSocket API management");
  await expect(page.getByTestId("gateway-url")).toHaveText(E2E_PUBLIC_GATEWAY_URL);
  await expect(page.getByRole("heading", { name: "Getting started" })).toBeVisible();

  const before = Number(await page.getByTestId("api-count").textContent());
  const created = await request.put(`/api/management/apis/landing-e2e`, {
    headers: { Authorization: `Bearer ${E2E_ADMIN_TOKEN}` },
    data: { properties: { displayName: "Landing e2e", serviceUrl: "ws://127.0.0.1:9/", path: "landing-e2e" } },
  });
  expect(created.status()).toBe(201);

  await page.reload();
  await expect(page.getByTestId("api-count")).toHaveText(String(before + 1));
  await expect(page.getByText(`npx wscat -c ${E2E_PUBLIC_GATEWAY_URL}/echo`)).toBeVisible();
  await page.screenshot({ path: "tests/e2e/screenshots/landing.png", fullPage: true });
});
