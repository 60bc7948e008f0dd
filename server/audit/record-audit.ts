import "server-only";
import { eq } from "drizzle-orm";
import type { Db, DbExecutor } from "@/db/client";
import { apiTokens, auditLog, users } from "@/db/schema/index";
import { currentAuditActor, type AuditActorRef } from "./audit-context";
import type { AuditAction } from "./audit-actions";
import { redactSecrets } from "./redact-secrets";

/** What changed: `before` is null for a create, `after` null for a delete. */
export interface AuditChange {
  action: AuditAction;
  /** `/apis/echo`, `/products/starter/apis/echo`, … */
  resource: string;
  before?: unknown;
  after?: unknown;
}

/**
 * Appends an audit entry for the current actor (see audit-context.ts). Call it inside the
 * change's transaction, so the entry exists exactly when the change does.
 */
export function recordAudit(tx: DbExecutor, change: AuditChange): void {
  const actor = currentAuditActor();
  tx.insert(auditLog)
    .values({
      time: new Date(),
      actorKind: actor?.kind ?? "system",
      actorId: actor?.id ?? null,
      actorLabel: actor ? actorLabel(tx, actor) : "system",
      action: change.action,
      resource: change.resource,
      before: change.before === undefined || change.before === null ? null : redactSecrets(change.before),
      after: change.after === undefined || change.after === null ? null : redactSecrets(change.after),
    })
    .run();
}

/** The token's name (and its user's email), or the user's email, as they are now. */
function actorLabel(tx: DbExecutor, actor: AuditActorRef): string {
  if (actor.id === null) return actor.kind;
  if (actor.kind === "token") {
    const token = tx
      .select({ name: apiTokens.name, email: users.email })
      .from(apiTokens)
      .leftJoin(users, eq(users.id, apiTokens.userId))
      .where(eq(apiTokens.id, actor.id))
      .get();
    if (!token) return `token ${actor.id}`;
    return token.email ? `${token.name} (${token.email})` : token.name;
  }
  return tx.select({ email: users.email }).from(users).where(eq(users.id, actor.id)).get()?.email ?? `user ${actor.id}`;
}

/** Updates `existing` (or inserts the row when there is none) and records it as an update or a create of `resource`. */
export function saveAudited<R extends object>(
  tx: DbExecutor,
  save: { resource: string; existing: R | undefined; update: () => R; insert: () => R; toContract: (row: R) => unknown },
): R {
  const { existing } = save;
  const row = existing ? save.update() : save.insert();
  recordAudit(tx, {
    action: existing ? "update" : "create",
    resource: save.resource,
    before: existing && save.toContract(existing),
    after: save.toContract(row),
  });
  return row;
}

/**
 * Creates the resource or replaces it, in one immediate transaction, audited (saveAudited);
 * the row and whether it is new.
 */
export function putAudited<R extends object>(
  db: Db,
  put: {
    resource: string;
    find: (tx: DbExecutor) => R | undefined;
    update: (tx: DbExecutor) => R;
    insert: (tx: DbExecutor) => R;
    toContract: (row: R) => unknown;
  },
): { row: R; created: boolean } {
  return db.transaction(
    (tx) => {
      const existing = put.find(tx);
      const row = saveAudited(tx, {
        resource: put.resource,
        existing,
        update: () => put.update(tx),
        insert: () => put.insert(tx),
        toContract: put.toContract,
      });
      return { row, created: !existing };
    },
    { behavior: "immediate" },
  );
}
