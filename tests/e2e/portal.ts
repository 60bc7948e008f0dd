import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { mkdirSync } from "node:fs";
import WebSocket from "ws";
import { E2E_ADMIN_EMAIL, E2E_ADMIN_PASSWORD, E2E_ADMIN_TOKEN, E2E_PUBLIC_GATEWAY_URL } from "./e2e-env";

/** Where the specs save the screenshots a person reviews. */
export const SCREENSHOTS = "tests/e2e/screenshots";
mkdirSync(SCREENSHOTS, { recursive: true });

/**
 * A screenshot of the whole page as a tall window shows it: the viewport grows to the page's
 * height first, so the sticky sidebar and footer sit where a user sees them, not mid-page.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  const viewport = page.viewportSize() ?? { width: 1280, height: 720 };
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, height) });
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png` });
  await page.setViewportSize(viewport);
}

/** Signs in through the sign-in page (opening it if needed) and waits to leave it. */
export async function signIn(page: Page, email = E2E_ADMIN_EMAIL, password = E2E_ADMIN_PASSWORD): Promise<void> {
  if (!page.url().includes("/signin")) await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/signin/);
}

const bearer = { Authorization: `Bearer ${E2E_ADMIN_TOKEN}` };

/** Creates an API through the management API (what automation would do). */
export async function createApi(
  request: APIRequestContext,
  apiId: string,
  properties: { displayName: string; path: string; serviceUrl?: string; subscriptionRequired?: boolean },
): Promise<void> {
  const response = await request.put(`/api/management/apis/${apiId}`, {
    headers: bearer,
    data: { properties: { serviceUrl: "ws://127.0.0.1:9/", ...properties } },
  });
  expect(response.status(), await response.text()).toBe(201);
}

/** The HTTP status of GET /apis/{apiId} with the bootstrap token (200 or 404). */
export async function apiStatus(request: APIRequestContext, apiId: string): Promise<number> {
  return (await request.get(`/api/management/apis/${apiId}`, { headers: bearer })).status();
}

/** Deletes every API, for specs that need the empty list. */
export async function deleteAllApis(request: APIRequestContext): Promise<void> {
  const list = await request.get("/api/management/apis?$top=1000", { headers: bearer });
  for (const api of (await list.json()).value as { name: string }[]) {
    expect((await request.delete(`/api/management/apis/${api.name}`, { headers: bearer })).status()).toBe(200);
  }
}

/** A client connected through the run's gateway to `path`; rejects with the status when the handshake is refused. */
export function connectThroughGateway(path: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  const ws = new WebSocket(`${E2E_PUBLIC_GATEWAY_URL}${path}`, { headers });
  return new Promise((resolve, reject) => {
    ws.once("open", () => resolve(ws));
    ws.once("error", reject);
    ws.once("unexpected-response", (_req, res) => reject(new Error(`handshake answered ${res.statusCode}`)));
  });
}
