import "server-only";
import { and, count, desc, eq, gte, lt, max, ne, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { gatewayLogs } from "@/db/schema/index";
import { metricsWindow } from "@/server/metrics/sum-metrics";
import type { FailureReasonReportContract, ReportQuery } from "./report.schemas";

const MINUTE_MS = 60_000;

/** Why handshakes were refused or failed over the window: log rows other than 101 by reason and status, commonest first. */
export function reportByFailureReason(db: Db, query: ReportQuery, now = new Date()): { items: FailureReasonReportContract[]; count: number } {
  const { fromMinute, toMinute } = metricsWindow(query, now);
  const from = query.from ? new Date(query.from) : new Date(fromMinute * MINUTE_MS);
  const to = query.to ? new Date(query.to) : new Date(toMinute * MINUTE_MS);
  const conditions: SQL[] = [gte(gatewayLogs.time, from), lt(gatewayLogs.time, to), ne(gatewayLogs.responseCode, 101)];
  if (query.apiId !== undefined) conditions.push(eq(gatewayLogs.apiId, query.apiId));
  if (query.gatewayId !== undefined) conditions.push(eq(gatewayLogs.gatewayId, query.gatewayId));
  const reason = sql<string>`coalesce(${gatewayLogs.lastErrorReason}, 'Unknown')`;
  const n = count();
  const rows = db
    .select({ reason, responseCode: gatewayLogs.responseCode, count: n, lastSeen: max(gatewayLogs.time) })
    .from(gatewayLogs)
    .where(and(...conditions))
    .groupBy(reason, gatewayLogs.responseCode)
    .orderBy(desc(n), reason, gatewayLogs.responseCode)
    .all();
  const page = rows.slice(query.$skip, query.$skip + query.$top);
  const items = page.map((row) => {
    const latest = db
      .select({ message: gatewayLogs.lastErrorMessage })
      .from(gatewayLogs)
      .where(and(...conditions, eq(gatewayLogs.responseCode, row.responseCode), sql`${reason} = ${row.reason}`))
      .orderBy(desc(gatewayLogs.time))
      .limit(1)
      .get();
    const lastSeen = row.lastSeen instanceof Date ? row.lastSeen : new Date(Number(row.lastSeen));
    return { reason: row.reason, responseCode: row.responseCode, count: row.count, lastSeen: lastSeen.toISOString(), lastMessage: latest?.message ?? null };
  });
  return { items, count: rows.length };
}
