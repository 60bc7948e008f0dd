import "server-only";
import { and, eq, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { gatewayInstances } from "@/db/schema/index";
import type { HeartbeatRequest } from "@/gateway/remote/protocol";

/** Instances silent for longer are forgotten when their gateway next sends a heartbeat. */
const FORGET_INSTANCE_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * `POST /heartbeat`: creates or refreshes the instance's row and the gateway's last heartbeat.
 * Neither is configuration, so config_revision does not move (migration 0003 limits the
 * gateways trigger to the columns gateways read; gateway_instances has none).
 */
export function recordGatewayHeartbeat(db: Db, gatewayId: string, beat: HeartbeatRequest, now = new Date()): void {
  db.transaction(
    (tx) => {
      const fields = {
        host: beat.host,
        version: beat.version,
        revision: beat.revision,
        connections: beat.connections,
        workers: beat.workers,
        lastHeartbeatAt: now,
      };
      tx.insert(gatewayInstances)
        .values({ gatewayId, instanceId: beat.instanceId, firstSeenAt: now, ...fields })
        .onConflictDoUpdate({ target: [gatewayInstances.gatewayId, gatewayInstances.instanceId], set: fields })
        .run();
      // Not through drizzle's update: that would also move updated_at, which only property changes should.
      tx.run(sql`UPDATE gateways SET last_heartbeat_at = ${now.getTime()} WHERE id = ${gatewayId}`);
      tx.delete(gatewayInstances)
        .where(and(eq(gatewayInstances.gatewayId, gatewayId), lt(gatewayInstances.lastHeartbeatAt, new Date(now.getTime() - FORGET_INSTANCE_AFTER_MS))))
        .run();
    },
    { behavior: "immediate" },
  );
}
