import { expect, test } from "./csp-guard";

/** The guard every spec runs under must itself be able to fail. */
test("a page that breaks the Content-Security-Policy fails its test", async ({ page, cspViolations }) => {
  test.fail(true, "the guard must turn a CSP violation into a failed test");
  await page.goto("/signin");
  // A connection to an origin that connect-src does not name: blocked, and reported.
  await page.evaluate(() => {
    try {
      new WebSocket("ws://127.0.0.1:9/not-the-gateway");
    } catch {
      // Chromium throws for a CSP-blocked WebSocket; the report is what counts.
    }
  });
  await expect.poll(() => cspViolations.length).toBeGreaterThan(0);
});
