import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Shared settings of the end-to-end run. Playwright evaluates the config in the runner and
 * again in each worker; the data folder goes through the environment so all of them agree.
 */
process.env.PORTCULLIS_E2E_DIR ||= mkdtempSync(join(tmpdir(), "portcullis-e2e-"));

export const E2E_DIR = process.env.PORTCULLIS_E2E_DIR;
export const E2E_DB = join(E2E_DIR, "portcullis.db");
export const E2E_PORTAL_PORT = Number(process.env.E2E_PORTAL_PORT || 3100);
export const E2E_PORTAL_URL = `http://127.0.0.1:${E2E_PORTAL_PORT}`;
export const E2E_GATEWAY_PORT = Number(process.env.E2E_GATEWAY_PORT || 8180);
export const E2E_GATEWAY_ADMIN_PORT = Number(process.env.E2E_GATEWAY_ADMIN_PORT || 9190);
export const E2E_PUBLIC_GATEWAY_URL = `ws://127.0.0.1:${E2E_GATEWAY_PORT}`;
/** An administrator token for specs that drive the management API. */
export const E2E_ADMIN_TOKEN = "e2e-bootstrap-token-0123456789";
export const E2E_ADMIN_EMAIL = "admin@e2e.test";
export const E2E_ADMIN_PASSWORD = "e2e-admin-password";
/** A developer user the global setup adds: may sign in, may not open the admin portal. */
export const E2E_DEVELOPER_EMAIL = "dev@e2e.test";
export const E2E_DEVELOPER_PASSWORD = "e2e-developer-password";

/** The environment every server process of the run gets. */
export const E2E_SERVER_ENV: Record<string, string> = {
  PORTCULLIS_DB: E2E_DB,
  PORTCULLIS_BOOTSTRAP_TOKEN: E2E_ADMIN_TOKEN,
  PORTCULLIS_ADMIN_EMAIL: E2E_ADMIN_EMAIL,
  PORTCULLIS_ADMIN_PASSWORD: E2E_ADMIN_PASSWORD,
  PORTCULLIS_PUBLIC_GATEWAY_URL: E2E_PUBLIC_GATEWAY_URL,
  GATEWAY_PORT: String(E2E_GATEWAY_PORT),
};

/** The real gateway's environment: loopback only, the e2e ports, quick config reloads. */
export const E2E_GATEWAY_ENV: Record<string, string> = {
  ...E2E_SERVER_ENV,
  GATEWAY_HOST: "127.0.0.1",
  GATEWAY_ADMIN_HOST: "127.0.0.1",
  GATEWAY_ADMIN_PORT: String(E2E_GATEWAY_ADMIN_PORT),
  GATEWAY_CONFIG_POLL_MS: "100",
  GATEWAY_DRAIN_SECONDS: "0",
};
