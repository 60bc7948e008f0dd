import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apis, policies } from "@/db/schema/index";
import { recordAudit } from "@/server/audit/record-audit";
import { toApiContract } from "./to-api-contract";

/**
 * Deletes an API and its API-scope policy (policies carry no foreign key); product and
 * gateway links go by cascade. Returns false when there was no such API.
 */
export function deleteApi(db: Db, apiId: string): boolean {
  return db.transaction(
    (tx) => {
      const deleted = tx.delete(apis).where(eq(apis.id, apiId)).returning().all();
      if (deleted.length === 0) return false;
      recordAudit(tx, { action: "delete", resource: `/apis/${apiId}`, before: toApiContract(deleted[0]!) });
      tx.delete(policies).where(and(eq(policies.scope, "api"), eq(policies.scopeId, apiId))).run();
      return true;
    },
    { behavior: "immediate" },
  );
}
