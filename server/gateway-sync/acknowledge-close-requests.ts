import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { connectionCloseRequests } from "@/db/schema/index";
import type { CloseRequestsAck } from "@/gateway/remote/protocol";

/**
 * `POST /close-requests/ack`: marks each of the gateway's pending requests done with its
 * outcome; ids of other gateways' requests, or already done, are ignored. How many were marked.
 */
export function acknowledgeCloseRequests(db: Db, gatewayId: string, ack: CloseRequestsAck, now = new Date()): number {
  return db.transaction(
    (tx) => {
      let marked = 0;
      for (const result of ack.results) {
        marked += tx
          .update(connectionCloseRequests)
          .set({ doneAt: now, outcome: result.outcome })
          .where(and(eq(connectionCloseRequests.id, result.id), eq(connectionCloseRequests.gatewayId, gatewayId), isNull(connectionCloseRequests.doneAt)))
          .run().changes;
      }
      return marked;
    },
    { behavior: "immediate" },
  );
}
