import "server-only";
import { desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { gatewayInstances } from "@/db/schema/index";
import { GATEWAY_INSTANCE_STALE_MS } from "@/gateway/remote/protocol";
import type { GatewayInstanceContract } from "./gateway.schemas";
import { getGatewayOrThrow } from "./get-gateway-or-throw";

/** The gateway's instances, most recent heartbeat first; stale ones marked. Throws NotFoundError. */
export function listGatewayInstances(db: Db, gatewayId: string, now = Date.now()): GatewayInstanceContract[] {
  getGatewayOrThrow(db, gatewayId);
  return db
    .select()
    .from(gatewayInstances)
    .where(eq(gatewayInstances.gatewayId, gatewayId))
    .orderBy(desc(gatewayInstances.lastHeartbeatAt))
    .all()
    .map((row) => ({
      instanceId: row.instanceId,
      host: row.host,
      version: row.version,
      revision: row.revision,
      connections: row.connections,
      workers: row.workers,
      firstSeenAt: row.firstSeenAt.toISOString(),
      lastHeartbeatAt: row.lastHeartbeatAt.toISOString(),
      stale: now - row.lastHeartbeatAt.getTime() > GATEWAY_INSTANCE_STALE_MS,
    }));
}
