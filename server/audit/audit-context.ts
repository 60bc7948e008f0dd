import { AsyncLocalStorage } from "node:async_hooks";
import type { AuditActorKind } from "@/db/schema/index";

/**
 * Who is making the current management change. `withManagementAuth` (and any server action)
 * runs its handler inside `runAsAuditActor`, and `recordAudit` reads it back. Request-scoped
 * on purpose: every operation of every domain records an audit entry, and threading the
 * caller through each signature would touch every caller (routes, server actions, CLI,
 * tests) for a concern none of them acts on. Outside a request the actor is "system".
 */

/** The actor as the request knows it; `recordAudit` adds the label inside the transaction. */
export interface AuditActorRef {
  kind: Exclude<AuditActorKind, "system">;
  id: string | null;
}

const storage = new AsyncLocalStorage<AuditActorRef>();

/** Runs `fn` with `actor` as the author of every audit entry it records. */
export function runAsAuditActor<T>(actor: AuditActorRef, fn: () => T): T {
  return storage.run(actor, fn);
}

/** The current request's actor; undefined outside `runAsAuditActor` (system changes). */
export function currentAuditActor(): AuditActorRef | undefined {
  return storage.getStore();
}

/** The audit actor of a management API caller: its token, or the signed-in user of a session. */
export function auditActorOf(principal: { kind: string; tokenId: string | null; userId: string | null }): AuditActorRef {
  return principal.kind === "apiToken" ? { kind: "token", id: principal.tokenId } : { kind: "user", id: principal.userId };
}
