import "server-only";
import { and, count, desc, eq, gte, lt, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { gatewayLogs } from "@/db/schema/index";
import { isoDate } from "@/server/http/resource.schemas";
import type { GatewayLogContract, LogQuery } from "./log.schemas";
import { withLogNames } from "./resolve-log-names";

/** One page of gateway log rows, newest first, filtered by API, gateway, subscription, caller, response code, error reason and time. */
export function listGatewayLogs(db: Db, query: LogQuery): { items: GatewayLogContract[]; count: number } {
  const conditions: SQL[] = [];
  if (query.apiId) conditions.push(eq(gatewayLogs.apiId, query.apiId));
  if (query.gatewayId) conditions.push(eq(gatewayLogs.gatewayId, query.gatewayId));
  if (query.lastErrorReason) conditions.push(eq(gatewayLogs.lastErrorReason, query.lastErrorReason));
  if (query.subscriptionId) conditions.push(eq(gatewayLogs.subscriptionId, query.subscriptionId));
  if (query.callerIp) conditions.push(eq(gatewayLogs.callerIp, query.callerIp));
  if (query.responseCode !== undefined) conditions.push(eq(gatewayLogs.responseCode, query.responseCode));
  if (query.from) conditions.push(gte(gatewayLogs.time, new Date(query.from)));
  if (query.to) conditions.push(lt(gatewayLogs.time, new Date(query.to)));
  const where = and(...conditions);
  const rows = db
    .select()
    .from(gatewayLogs)
    .where(where)
    .orderBy(desc(gatewayLogs.time), desc(gatewayLogs.id))
    .limit(query.$top)
    .offset(query.$skip)
    .all();
  const items = withLogNames(
    db,
    rows.map((row) => ({ ...row, time: row.time.toISOString(), closedAt: isoDate(row.closedAt) })),
  );
  return { items, count: db.select({ n: count() }).from(gatewayLogs).where(where).get()?.n ?? 0 };
}
