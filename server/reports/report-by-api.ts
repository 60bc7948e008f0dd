import "server-only";
import { and, desc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { metricsMinute } from "@/db/schema/index";
import { metricsWindow } from "@/server/metrics/sum-metrics";
import type { ApiReportContract, ReportQuery } from "./report.schemas";

/** Each API's attempts (by class), messages and bytes over the window, most attempts first, one page. */
export function reportByApi(db: Db, query: ReportQuery, now = new Date()): { items: ApiReportContract[]; count: number } {
  const { fromMinute, toMinute } = metricsWindow(query, now);
  const conditions: SQL[] = [gte(metricsMinute.minute, fromMinute), lt(metricsMinute.minute, toMinute)];
  if (query.apiId !== undefined) conditions.push(eq(metricsMinute.apiId, query.apiId));
  if (query.gatewayId !== undefined) conditions.push(eq(metricsMinute.gatewayId, query.gatewayId));
  const where = and(...conditions);
  const attempts = sql<number>`sum(${metricsMinute.attemptsSucceeded}) + sum(${metricsMinute.attemptsFailed})`;
  const all = db
    .select({
      apiId: metricsMinute.apiId,
      attempts,
      attemptsSucceeded: sql<number>`sum(${metricsMinute.attemptsSucceeded})`,
      messagesInbound: sql<number>`sum(${metricsMinute.messagesInbound})`,
      messagesOutbound: sql<number>`sum(${metricsMinute.messagesOutbound})`,
      bytesInbound: sql<number>`sum(${metricsMinute.bytesInbound})`,
      bytesOutbound: sql<number>`sum(${metricsMinute.bytesOutbound})`,
    })
    .from(metricsMinute)
    .where(where)
    .groupBy(metricsMinute.apiId)
    .orderBy(desc(attempts), metricsMinute.apiId)
    .all();
  const page = all.slice(query.$skip, query.$skip + query.$top);
  const classes = new Map<string, { c4: number; c5: number }>();
  if (page.length > 0) {
    const codeRows = db
      .select({ apiId: metricsMinute.apiId, code: sql<string>`codes.key`, n: sql<number>`sum(codes.value)` })
      .from(metricsMinute)
      .innerJoin(sql`json_each(${metricsMinute.attemptsByCode}) AS codes`, sql`1`)
      .where(where)
      .groupBy(metricsMinute.apiId, sql`codes.key`)
      .all();
    for (const row of codeRows) {
      const entry = classes.get(row.apiId) ?? { c4: 0, c5: 0 };
      if (row.code.startsWith("4")) entry.c4 += row.n;
      else if (row.code.startsWith("5")) entry.c5 += row.n;
      classes.set(row.apiId, entry);
    }
  }
  const items = page.map((row) => ({
    ...row,
    apiId: row.apiId === "" ? null : row.apiId,
    attempts4xx: classes.get(row.apiId)?.c4 ?? 0,
    attempts5xx: classes.get(row.apiId)?.c5 ?? 0,
  }));
  return { items, count: all.length };
}
