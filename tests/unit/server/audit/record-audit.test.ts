import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { apiTokens, auditLog, users } from "@/db/schema/index";
import { auditActorOf, runAsAuditActor } from "@/server/audit/audit-context";
import { recordAudit } from "@/server/audit/record-audit";
import { REDACTED, redactSecrets } from "@/server/audit/redact-secrets";
import { createTempDatabase, type TempDatabase } from "@/tests/helpers/temp-db";

let temp: TempDatabase;
let db: Db;
beforeEach(() => {
  temp = createTempDatabase();
  db = temp.db;
});
afterEach(() => temp.cleanup());

describe("recordAudit", () => {
  it("names the system outside a request", () => {
    recordAudit(db, { action: "create", resource: "/apis/echo", after: { name: "echo" } });
    expect(db.select().from(auditLog).get()).toMatchObject({
      actorKind: "system",
      actorId: null,
      actorLabel: "system",
      action: "create",
      resource: "/apis/echo",
      before: null,
      after: { name: "echo" },
    });
  });

  it("names the token, and its user, of the request it runs in", () => {
    db.insert(users).values({ id: "alice", email: "alice@example.com" }).run();
    db.insert(apiTokens).values({ id: "t1", name: "CI", tokenHash: "h", prefix: "pk_", userId: "alice" }).run();
    const actor = auditActorOf({ kind: "apiToken", tokenId: "t1", userId: "alice" });
    runAsAuditActor(actor, () => recordAudit(db, { action: "delete", resource: "/apis/echo", before: {} }));
    expect(db.select().from(auditLog).get()).toMatchObject({ actorKind: "token", actorId: "t1", actorLabel: "CI (alice@example.com)" });
  });

  it("names the user of a portal session", () => {
    db.insert(users).values({ id: "alice", email: "alice@example.com" }).run();
    runAsAuditActor(auditActorOf({ kind: "session", tokenId: null, userId: "alice" }), () =>
      recordAudit(db, { action: "update", resource: "/products/p" }),
    );
    expect(db.select().from(auditLog).get()).toMatchObject({ actorKind: "user", actorId: "alice", actorLabel: "alice@example.com" });
  });

  it("keeps no secret", () => {
    recordAudit(db, { action: "create", resource: "/subscriptions/s", after: { properties: { primaryKey: "k1", displayName: "S" } } });
    expect(db.select().from(auditLog).get()!.after).toEqual({ properties: { primaryKey: REDACTED, displayName: "S" } });
  });
});

describe("redactSecrets", () => {
  it("replaces fields named like secrets, at any depth, and keeps the rest", () => {
    expect(
      redactSecrets({
        password: "p",
        passwordHash: "h",
        token: "t",
        tokenId: "id",
        nested: [{ secondaryKey: "k", clientSecret: "s", subscriptionKeyParameterNames: { header: "Ocp-Apim-Subscription-Key" } }],
        nothing: null,
      }),
    ).toEqual({
      password: REDACTED,
      passwordHash: REDACTED,
      token: REDACTED,
      tokenId: "id",
      nested: [{ secondaryKey: REDACTED, clientSecret: REDACTED, subscriptionKeyParameterNames: { header: "Ocp-Apim-Subscription-Key" } }],
      nothing: null,
    });
  });

  it("replaces passwords, secrets and signing keys inside policy documents", () => {
    const policy =
      '<policies><authentication-basic username="u" password="hunter2" /><x client-secret=\'s3\' />' +
      "<validate-jwt><issuer-signing-keys><key>c2VjcmV0</key></issuer-signing-keys></validate-jwt></policies>";
    expect(redactSecrets({ value: policy })).toEqual({
      value:
        `<policies><authentication-basic username="u" password="${REDACTED}" /><x client-secret="${REDACTED}" />` +
        `<validate-jwt><issuer-signing-keys><key>${REDACTED}</key></issuer-signing-keys></validate-jwt></policies>`,
    });
  });
});
