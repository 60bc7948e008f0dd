import "server-only";
import { and, count, desc, eq, gte, isNull, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { connectionCloseRequests, gatewayLogs, gateways } from "@/db/schema/index";
import { isoDate } from "@/server/http/resource.schemas";
import { withLogNames } from "@/server/logs/resolve-log-names";
import { HEARTBEAT_FRESH_MS, type ConnectionContract, type ConnectionQuery } from "./connection.schemas";

/**
 * One page of open connections, newest first: log rows answered 101 whose close is not
 * recorded yet (the partial index `gateway_logs_open_idx`), on gateways whose heartbeat is
 * fresh, so a gateway that died does not leave ghosts. Rows reach the log a flush after the
 * handshake (250 ms by default).
 */
export function listOpenConnections(db: Db, query: ConnectionQuery, now = Date.now()): { items: ConnectionContract[]; count: number } {
  const conditions: SQL[] = [
    eq(gatewayLogs.responseCode, 101),
    isNull(gatewayLogs.closedAt),
    gte(gateways.lastHeartbeatAt, new Date(now - HEARTBEAT_FRESH_MS)),
  ];
  if (query.apiId) conditions.push(eq(gatewayLogs.apiId, query.apiId));
  if (query.gatewayId) conditions.push(eq(gatewayLogs.gatewayId, query.gatewayId));
  if (query.subscriptionId) conditions.push(eq(gatewayLogs.subscriptionId, query.subscriptionId));
  if (query.callerIp) conditions.push(eq(gatewayLogs.callerIp, query.callerIp));
  const where = and(...conditions);
  const pendingClose = sql<number | null>`(SELECT max(${connectionCloseRequests.requestedAt}) FROM ${connectionCloseRequests}
    WHERE ${connectionCloseRequests.logId} = ${gatewayLogs.id} AND ${connectionCloseRequests.doneAt} IS NULL)`;
  const rows = db
    .select({
      id: gatewayLogs.id,
      time: gatewayLogs.time,
      gatewayId: gatewayLogs.gatewayId,
      apiId: gatewayLogs.apiId,
      productId: gatewayLogs.productId,
      subscriptionId: gatewayLogs.subscriptionId,
      userId: gatewayLogs.userId,
      callerIp: gatewayLogs.callerIp,
      url: gatewayLogs.url,
      backendUrl: gatewayLogs.backendUrl,
      messagesInbound: gatewayLogs.messagesInbound,
      messagesOutbound: gatewayLogs.messagesOutbound,
      bytesInbound: gatewayLogs.bytesInbound,
      bytesOutbound: gatewayLogs.bytesOutbound,
      pendingClose,
    })
    .from(gatewayLogs)
    .innerJoin(gateways, eq(gateways.id, gatewayLogs.gatewayId))
    .where(where)
    .orderBy(desc(gatewayLogs.time), desc(gatewayLogs.id))
    .limit(query.$top)
    .offset(query.$skip)
    .all();
  const total = db.select({ n: count() }).from(gatewayLogs).innerJoin(gateways, eq(gateways.id, gatewayLogs.gatewayId)).where(where).get()?.n ?? 0;
  const items = withLogNames(
    db,
    rows.map(({ time, pendingClose: requested, ...row }) => ({
      ...row,
      openedAt: time.toISOString(),
      closeRequestedAt: requested === null ? null : isoDate(new Date(requested)),
    })),
  );
  return { items, count: total };
}
