import { expect, test } from "./csp-guard";

/** The guard every spec runs under must itself see a violation (its teardown fails the test on any it holds). */
test("the guard records a page's Content-Security-Policy violation, from the console and from the page's own event", async ({ page, cspViolations }) => {
  await page.goto("/signin");
  // A connection to an origin that connect-src does not name: blocked, and reported.
  await page.evaluate(() => {
    try {
      new WebSocket("ws://127.0.0.1:9/not-the-gateway");
    } catch {
      // Chromium may throw for a CSP-blocked WebSocket; the report is what counts.
    }
  });
  await expect.poll(() => cspViolations.some((v) => v.includes("violates the following Content Security Policy directive: \"connect-src"))).toBe(true);
  await expect.poll(() => cspViolations.some((v) => v.includes("[csp-violation] connect-src blocked ws://127.0.0.1:9/not-the-gateway"))).toBe(true);
  // Seen and expected here; any violation left would fail this test in the guard's teardown.
  cspViolations.length = 0;
});
