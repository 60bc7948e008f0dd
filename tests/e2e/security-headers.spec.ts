import { E2E_PUBLIC_GATEWAY_URL } from "./e2e-env";
import { expect, test } from "./csp-guard";
import { signIn } from "./portal";

/** The security headers on every kind of response the portal sends (the real portal server, over http). */

const gatewayHost = new URL(E2E_PUBLIC_GATEWAY_URL).host;
const PAGE_CSP = new RegExp(
  "^default-src 'self'; script-src 'self' 'nonce-([A-Za-z0-9+/]{22}==)' 'strict-dynamic'; style-src 'self' 'unsafe-inline'; " +
    "img-src 'self' data: blob:; font-src 'self' data:; " +
    `connect-src 'self' ws://${gatewayHost.replace(/\./g, "\\.")} wss://${gatewayHost.replace(/\./g, "\\.")}; ` +
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'$",
);
const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

function expectCommon(headers: Record<string, string>): void {
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["x-frame-options"]).toBe("DENY");
  // Served over http: no HSTS (a trusted proxy saying https turns it on: trusted-proxies.spec.ts).
  expect(headers["strict-transport-security"]).toBeUndefined();
}

test("every page carries a CSP with its own nonce, and Next.js puts that nonce on its scripts", async ({ request }) => {
  const nonces = new Set<string>();
  for (const path of ["/", "/signin", "/signup", "/apis", "/products", "/no-such-page"]) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect([200, 404], path).toContain(response.status());
    const headers = response.headers();
    const nonce = PAGE_CSP.exec(headers["content-security-policy"] ?? "")?.[1];
    expect(nonce, `${path}: ${headers["content-security-policy"]}`).toBeDefined();
    expectCommon(headers);
    const html = await response.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length, path).toBeGreaterThan(0);
    for (const script of scripts) expect(script, path).toContain(`nonce="${nonce}"`);
    nonces.add(nonce!);
  }
  expect(nonces.size).toBe(6);
});

test("the sign-in redirect of a signed-out /admin visit carries the page headers", async ({ request }) => {
  const response = await request.get("/admin/apis", { maxRedirects: 0 });
  expect(response.status()).toBe(307);
  expect(response.headers()["location"]).toContain("/signin?callbackUrl=%2Fadmin%2Fapis");
  expect(response.headers()["content-security-policy"]).toMatch(PAGE_CSP);
  expectCommon(response.headers());
});

test("admin pages of a signed-in administrator carry them too", async ({ page }) => {
  await signIn(page);
  const response = await page.request.get("/admin/apis");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-security-policy"]).toMatch(PAGE_CSP);
  expectCommon(response.headers());
});

test("API routes answer JSON that may load nothing, with nosniff", async ({ request }) => {
  for (const [path, status] of [["/api/management/apis", 401], ["/api/auth/session", 200], ["/api/portal/apis/nope/asyncapi", 404]] as const) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(status);
    expect(response.headers()["content-type"], path).toContain("application/json");
    expect(response.headers()["content-security-policy"], path).toBe(API_CSP);
    expectCommon(response.headers());
  }
});
