import "server-only";
import { and, eq, isNull, lt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { connectionCloseRequests } from "@/db/schema/index";

/**
 * How long a close request may stay pending while the gateway's instances poll. Each instance
 * asks every second and answers `notFound` only for a connection it handled (several instances
 * share the queue), so a request for a connection no live instance holds (its instance died or
 * restarted) would otherwise stay pending for ever.
 */
export const CLOSE_REQUEST_UNCLAIMED_MS = 30_000;

/**
 * Settles the gateway's close requests pending for longer than CLOSE_REQUEST_UNCLAIMED_MS as
 * `notFound`, before its instances are served the pending ones. Returns how many it settled.
 */
export function settleUnclaimedCloseRequests(db: Db, gatewayId: string, now = new Date()): number {
  const cutoff = new Date(now.getTime() - CLOSE_REQUEST_UNCLAIMED_MS);
  return db
    .update(connectionCloseRequests)
    .set({ doneAt: now, outcome: "notFound" })
    .where(and(eq(connectionCloseRequests.gatewayId, gatewayId), isNull(connectionCloseRequests.doneAt), lt(connectionCloseRequests.requestedAt, cutoff)))
    .run().changes;
}
