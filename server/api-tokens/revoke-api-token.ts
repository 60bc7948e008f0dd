import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apiTokens } from "@/db/schema/index";
import { recordAudit } from "@/server/audit/record-audit";
import { toApiTokenContract } from "./to-api-token-contract";

/**
 * Revokes a token (sets revoked_at; the row stays for the record); revoking twice keeps the
 * first time. Returns false when there is no such token. The bootstrap token is restored
 * at the next start while PORTCULLIS_BOOTSTRAP_TOKEN names it.
 */
export function revokeApiToken(db: Db, tokenId: string, now = new Date()): boolean {
  return db.transaction(
    (tx) => {
      const current = tx.select().from(apiTokens).where(eq(apiTokens.id, tokenId)).get();
      if (!current) return false;
      if (current.revokedAt) return true;
      const revoked = tx.update(apiTokens).set({ revokedAt: now }).where(eq(apiTokens.id, tokenId)).returning().get();
      recordAudit(tx, { action: "revoke", resource: `/apiTokens/${tokenId}`, before: toApiTokenContract(current, now), after: toApiTokenContract(revoked, now) });
      return true;
    },
    { behavior: "immediate" },
  );
}
