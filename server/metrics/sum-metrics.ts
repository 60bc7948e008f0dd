import { and, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { metricsMinute } from "@/db/schema/index";
import { DEFAULT_METRICS_WINDOW_MS, type MetricsMinuteContract, type MetricsQuery } from "./metrics.schemas";

const MINUTE_MS = 60_000;

/**
 * Per-minute metrics in the query's window (default: the last hour), oldest first, summed
 * over every gateway and, unless `apiId` is given, every API. Minutes without traffic are
 * absent. With `responseCode`, attempts count that status only and minutes without it drop.
 */
export function sumMetrics(db: Db, query: MetricsQuery, now = new Date()): MetricsMinuteContract[] {
  const to = query.to ? Date.parse(query.to) : now.getTime();
  const from = query.from ? Date.parse(query.from) : to - DEFAULT_METRICS_WINDOW_MS;
  const conditions: SQL[] = [
    gte(metricsMinute.minute, Math.ceil(from / MINUTE_MS)),
    lt(metricsMinute.minute, Math.ceil(to / MINUTE_MS)),
  ];
  if (query.apiId !== undefined) conditions.push(eq(metricsMinute.apiId, query.apiId));
  if (query.gatewayId !== undefined) conditions.push(eq(metricsMinute.gatewayId, query.gatewayId));
  const where = and(...conditions);

  const totals = db
    .select({
      minute: metricsMinute.minute,
      attemptsSucceeded: sql<number>`sum(${metricsMinute.attemptsSucceeded})`,
      attemptsFailed: sql<number>`sum(${metricsMinute.attemptsFailed})`,
      messagesInbound: sql<number>`sum(${metricsMinute.messagesInbound})`,
      messagesOutbound: sql<number>`sum(${metricsMinute.messagesOutbound})`,
      bytesInbound: sql<number>`sum(${metricsMinute.bytesInbound})`,
      bytesOutbound: sql<number>`sum(${metricsMinute.bytesOutbound})`,
      activeConnections: sql<number>`sum(${metricsMinute.activeConnectionsLast})`,
    })
    .from(metricsMinute)
    .where(where)
    .groupBy(metricsMinute.minute)
    .orderBy(metricsMinute.minute)
    .all();
  const byCode = db
    .select({ minute: metricsMinute.minute, code: sql<string>`codes.key`, n: sql<number>`sum(codes.value)` })
    .from(metricsMinute)
    .innerJoin(sql`json_each(${metricsMinute.attemptsByCode}) AS codes`, sql`1`)
    .where(where)
    .groupBy(metricsMinute.minute, sql`codes.key`)
    .all();

  const codes = new Map<number, Record<string, number>>();
  for (const row of byCode) {
    if (query.responseCode !== undefined && row.code !== String(query.responseCode)) continue;
    const entry = codes.get(row.minute) ?? {};
    entry[row.code] = row.n;
    codes.set(row.minute, entry);
  }
  const minutes: MetricsMinuteContract[] = [];
  for (const row of totals) {
    const attemptsByCode = codes.get(row.minute) ?? {};
    const attempts =
      query.responseCode === undefined ? row.attemptsSucceeded + row.attemptsFailed : (attemptsByCode[String(query.responseCode)] ?? 0);
    if (query.responseCode !== undefined && attempts === 0) continue;
    const { minute, ...sums } = row;
    minutes.push({ time: new Date(minute * MINUTE_MS).toISOString(), attempts, ...sums, attemptsByCode });
  }
  return minutes;
}
