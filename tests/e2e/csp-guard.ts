import { expect, test as base } from "@playwright/test";

/**
 * The specs' `test`: Playwright's, with an automatic fixture that fails the test on any
 * Content-Security-Policy violation in any page of its browser context. Chromium reports a
 * blocked script, style or connection as a console error naming the Content Security Policy;
 * a `securitypolicyviolation` listener added before any page script runs reports the ones
 * that reach the page's own event (with the directive and what was blocked) the same way.
 */
export const test = base.extend<{ cspViolations: string[] }>({
  cspViolations: [
    async ({ context }, use) => {
      const violations: string[] = [];
      await context.addInitScript(() => {
        document.addEventListener("securitypolicyviolation", (event) => {
          console.error(`[csp-violation] ${event.violatedDirective} blocked ${event.blockedURI || "inline"} (${event.sourceFile}:${event.lineNumber})`);
        });
      });
      context.on("console", (message) => {
        const text = message.text();
        if (text.includes("Content Security Policy") || text.startsWith("[csp-violation]")) violations.push(`${message.location().url}: ${text}`);
      });
      await use(violations);
      expect(violations, "Content Security Policy violations in the browser console").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
