import type { Db } from "@/db/client";
import { apiTokens } from "@/db/schema/index";
import { apiTokenPrefix, hashApiToken } from "./api-tokens";

/** The fixed id of the token `PORTCULLIS_BOOTSTRAP_TOKEN` defines. */
export const BOOTSTRAP_TOKEN_ID = "bootstrap";

/**
 * Makes `token` a valid administrator token. The environment is the source of truth: a changed
 * value replaces the previous bootstrap token, and a revoked or expired one is restored.
 */
export function ensureBootstrapToken(db: Db, token: string): void {
  const values = {
    name: "Bootstrap token (PORTCULLIS_BOOTSTRAP_TOKEN)",
    tokenHash: hashApiToken(token),
    prefix: apiTokenPrefix(token),
    role: "administrator" as const,
    userId: null,
    gatewayId: null,
    expiresAt: null,
    revokedAt: null,
  };
  db.insert(apiTokens)
    .values({ id: BOOTSTRAP_TOKEN_ID, ...values })
    .onConflictDoUpdate({ target: apiTokens.id, set: values })
    .run();
}
