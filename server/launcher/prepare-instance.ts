import { migrateDatabase, openDatabase } from "@/db/client";
import { loadInstanceSecrets } from "@/db/secrets";
import { ensureBootstrapToken } from "@/server/auth/ensure-bootstrap-token";
import type { PortalEnv } from "@/server/env";
import { ensureBuiltInSubscription } from "@/server/subscriptions/built-in-subscription";
import { ensureFirstAdmin, type FirstAdminResult } from "@/server/users/ensure-first-admin";

/**
 * Everything a fresh data folder needs before the portal and gateway start: migrations,
 * instance secrets, the first administrator, the built-in all-access subscription and the
 * bootstrap token.
 */
export async function prepareInstance(databaseFile: string, env: PortalEnv): Promise<{ admin: FirstAdminResult }> {
  const db = openDatabase(databaseFile);
  try {
    migrateDatabase(db);
    const secrets = loadInstanceSecrets(databaseFile);
    const admin = await ensureFirstAdmin(db, { email: env.PORTCULLIS_ADMIN_EMAIL, password: env.PORTCULLIS_ADMIN_PASSWORD });
    ensureBuiltInSubscription(db, secrets);
    if (env.PORTCULLIS_BOOTSTRAP_TOKEN) ensureBootstrapToken(db, env.PORTCULLIS_BOOTSTRAP_TOKEN);
    return { admin };
  } finally {
    db.$client.close();
  }
}

/** The generated password in a box, printed once on the first start. */
export function generatedPasswordBanner(email: string, password: string): string {
  const lines = [
    "Portcullis: first administrator created",
    "",
    `  email:     ${email}`,
    `  password:  ${password}`,
    "",
    "This password is shown only once. Sign in and change it,",
    "or set PORTCULLIS_ADMIN_PASSWORD before the first start.",
  ];
  const width = Math.max(...lines.map((l) => l.length));
  const rule = "═".repeat(width + 2);
  return [`╔${rule}╗`, ...lines.map((l) => `║ ${l.padEnd(width)} ║`), `╚${rule}╝`].join("\n");
}
