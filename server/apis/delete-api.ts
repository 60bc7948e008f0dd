import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apis, policies } from "@/db/schema/index";
import { recordAudit } from "@/server/audit/record-audit";
import { requestCloseOfOpenConnections, type BulkCloseRequest } from "@/server/connections/close-open-connections";
import { toApiContract } from "./to-api-contract";

/** The Close reason of connections closed because their API was deleted. */
export const API_DELETED_REASON = "API deleted";

/**
 * Deletes an API and its API-scope policy (policies carry no foreign key); product and
 * gateway links go by cascade. Returns false when there was no such API. With
 * `closeConnections`, its open connections are asked to close (1008 "API deleted") in the
 * same transaction; without, they stay open until they close by themselves.
 */
export function deleteApi(db: Db, apiId: string, options: { closeConnections?: Omit<BulkCloseRequest, "reason"> } = {}): boolean {
  return db.transaction(
    (tx) => {
      const deleted = tx.delete(apis).where(eq(apis.id, apiId)).returning().all();
      if (deleted.length === 0) return false;
      recordAudit(tx, { action: "delete", resource: `/apis/${apiId}`, before: toApiContract(deleted[0]!) });
      tx.delete(policies).where(and(eq(policies.scope, "api"), eq(policies.scopeId, apiId))).run();
      if (options.closeConnections) requestCloseOfOpenConnections(tx, { apiId }, { ...options.closeConnections, reason: API_DELETED_REASON });
      return true;
    },
    { behavior: "immediate" },
  );
}
