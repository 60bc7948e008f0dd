import { defineConfig } from "@playwright/test";
import { E2E_PORTAL_PORT, E2E_PORTAL_URL, E2E_SERVER_ENV } from "./tests/e2e/e2e-env";

/**
 * End-to-end tests against the built portal (`npm run test:e2e` builds first) on a fresh
 * database in a temp folder. The launcher's `--setup-only` prepares it (migrations, first
 * admin, bootstrap token) before the portal starts. A spec that needs the gateway adds a
 * second `webServer` entry: `node_modules/.bin/tsx gateway/main.ts` with the same env.
 */
export default defineConfig({
  testDir: "tests/e2e",
  testMatch: "**/*.spec.ts",
  outputDir: "test-results",
  globalTeardown: "./tests/e2e/global-teardown.ts",
  fullyParallel: false,
  // Two cores: one browser at a time.
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : "list",
  timeout: 30_000,
  use: {
    baseURL: E2E_PORTAL_URL,
    browserName: "chromium",
    trace: "retain-on-failure",
    launchOptions: {
      // The system Chromium; never `npx playwright install`.
      executablePath: "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
    },
  },
  webServer: [
    {
      command: `node_modules/.bin/tsx server/start.ts --setup-only && node_modules/.bin/next start -H 127.0.0.1 -p ${E2E_PORTAL_PORT}`,
      url: E2E_PORTAL_URL,
      env: E2E_SERVER_ENV,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "ignore",
      stderr: "pipe",
    },
  ],
});
