import "server-only";
import { and, asc, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { connectionCloseRequests } from "@/db/schema/index";
import type { CloseRequestsResponse } from "@/gateway/remote/protocol";

/** `GET /close-requests`: the gateway's pending requests, oldest first (at most 100 per call). */
export function listPendingCloseRequests(db: Db, gatewayId: string): CloseRequestsResponse {
  const rows = db
    .select({ id: connectionCloseRequests.id, connectionId: connectionCloseRequests.logId, reason: connectionCloseRequests.reason })
    .from(connectionCloseRequests)
    .where(and(eq(connectionCloseRequests.gatewayId, gatewayId), isNull(connectionCloseRequests.doneAt)))
    .orderBy(asc(connectionCloseRequests.requestedAt))
    .limit(100)
    .all();
  return { requests: rows };
}
