import "server-only";
import { and, count, desc, eq, gte, lt, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditLog } from "@/db/schema/index";
import type { AuditEntryContract, AuditLogQuery } from "./audit.schemas";

type AuditRow = typeof auditLog.$inferSelect;

/** One page of audit entries, newest first, filtered by resource (and its sub-resources), actor and time. */
export function listAuditLog(db: Db, query: AuditLogQuery): { items: AuditEntryContract[]; count: number } {
  const conditions: SQL[] = [];
  if (query.resource) {
    // Sub-resources sort between "/x/" and "/x0" ('0' follows '/'): a range the index serves.
    const under = and(gte(auditLog.resource, `${query.resource}/`), lt(auditLog.resource, `${query.resource}0`));
    conditions.push(query.resource === "/" ? gte(auditLog.resource, "/") : or(eq(auditLog.resource, query.resource), under)!);
  }
  if (query.actor) conditions.push(eq(auditLog.actorId, query.actor));
  if (query.action) conditions.push(eq(auditLog.action, query.action));
  // instr on lower(): a plain substring (no LIKE wildcards to escape), any case.
  if (query.actorLabel) conditions.push(sql`instr(lower(${auditLog.actorLabel}), ${query.actorLabel.toLowerCase()}) > 0`);
  if (query.from) conditions.push(gte(auditLog.time, new Date(query.from)));
  if (query.to) conditions.push(lt(auditLog.time, new Date(query.to)));
  const where = and(...conditions);
  const items = db.select().from(auditLog).where(where).orderBy(desc(auditLog.id)).limit(query.$top).offset(query.$skip).all();
  return { items: items.map(toAuditEntryContract), count: db.select({ n: count() }).from(auditLog).where(where).get()?.n ?? 0 };
}

function toAuditEntryContract(row: AuditRow): AuditEntryContract {
  return {
    id: `/auditLogs/${row.id}`,
    name: String(row.id),
    properties: {
      time: row.time.toISOString(),
      actor: { kind: row.actorKind, id: row.actorId, label: row.actorLabel },
      action: row.action,
      resource: row.resource,
      before: row.before ?? null,
      after: row.after ?? null,
    },
  };
}
