import { defineConfig } from "@playwright/test";
import { E2E_GATEWAY_ADMIN_PORT, E2E_GATEWAY_ENV, E2E_PORTAL_PORT, E2E_PORTAL_URL, E2E_SERVER_ENV } from "./tests/e2e/e2e-env";

/**
 * End-to-end tests against the built portal (`npm run test:e2e` builds first) and the real
 * gateway, on a fresh database in a temp folder. The launcher's `--setup-only` prepares it
 * (migrations, first admin, bootstrap token) before the portal starts; the gateway starts
 * next on the same file (web servers start in order), then the global setup adds a developer.
 */
export default defineConfig({
  testDir: "tests/e2e",
  testMatch: "**/*.spec.ts",
  outputDir: "test-results",
  globalSetup: "./tests/e2e/global-setup.ts",
  globalTeardown: "./tests/e2e/global-teardown.ts",
  fullyParallel: false,
  // Two cores: one browser at a time.
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : "list",
  // Generous: the specs share two cores with a build, the portal, the gateway and Chromium.
  timeout: 90_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: E2E_PORTAL_URL,
    browserName: "chromium",
    // Recording a trace slows every action by about a quarter; PORTCULLIS_E2E_TRACE=1 keeps one per failure.
    trace: process.env.PORTCULLIS_E2E_TRACE === "1" ? "retain-on-failure" : "off",
    screenshot: "only-on-failure",
    launchOptions: {
      // The system Chromium; never `npx playwright install`.
      executablePath: "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
    },
  },
  webServer: [
    {
      // The portal server, as `npm start` runs it (not `next start`): it resolves client addresses.
      command: `node_modules/.bin/tsx server/start.ts --setup-only && node server/portal-server.mjs -H 127.0.0.1 -p ${E2E_PORTAL_PORT}`,
      url: E2E_PORTAL_URL,
      env: E2E_SERVER_ENV,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      // The data plane the portal's APIs are served by; ws://127.0.0.1:8180 is PORTCULLIS_PUBLIC_GATEWAY_URL.
      command: "node --import tsx gateway/main.ts",
      url: `http://127.0.0.1:${E2E_GATEWAY_ADMIN_PORT}/healthz`,
      env: E2E_GATEWAY_ENV,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "ignore",
      stderr: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
    },
  ],
});
