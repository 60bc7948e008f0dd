import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import { apiTokens, USER_ROLES, users, type UserRole } from "@/db/schema/index";
import { hashApiToken } from "@/server/auth/api-tokens";
import { authenticateApiToken } from "@/server/auth/authenticate-api-token";
import { BOOTSTRAP_TOKEN_ID, ensureBootstrapToken } from "@/server/auth/ensure-bootstrap-token";
import { createTempDatabase, type TempDatabase } from "@/tests/helpers/temp-db";

let temp: TempDatabase;
beforeEach(() => (temp = createTempDatabase()));
afterEach(() => temp.cleanup());

const TOKEN = "bootstrap-token-0123456789";

describe("ensureBootstrapToken", () => {
  it("stores only the SHA-256 of the token, as an administrator token", () => {
    ensureBootstrapToken(temp.db, TOKEN);
    const row = temp.db.select().from(apiTokens).get();
    expect(row).toMatchObject({ id: BOOTSTRAP_TOKEN_ID, role: "administrator", prefix: "bootstra" });
    expect(row?.tokenHash).toBe(hashApiToken(TOKEN));
    expect(row?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("replaces a previous bootstrap token and restores a revoked one", () => {
    ensureBootstrapToken(temp.db, "old-token-0123456789");
    temp.db.update(apiTokens).set({ revokedAt: new Date() }).run();
    ensureBootstrapToken(temp.db, TOKEN);
    expect(authenticateApiToken(temp.db, "old-token-0123456789")).toBeNull();
    expect(authenticateApiToken(temp.db, TOKEN)?.role).toBe("administrator");
    expect(temp.db.select().from(apiTokens).all()).toHaveLength(1);
  });
});

describe("authenticateApiToken", () => {
  it("refuses unknown, revoked and expired tokens", () => {
    ensureBootstrapToken(temp.db, TOKEN);
    expect(authenticateApiToken(temp.db, "nope")).toBeNull();
    const now = new Date("2030-01-01T00:00:00Z");
    temp.db.update(apiTokens).set({ expiresAt: now }).run();
    expect(authenticateApiToken(temp.db, TOKEN, now)).toBeNull();
    temp.db.update(apiTokens).set({ expiresAt: null, revokedAt: now }).run();
    expect(authenticateApiToken(temp.db, TOKEN, now)).toBeNull();
  });

  it("writes last_used_at at most once a minute", () => {
    ensureBootstrapToken(temp.db, TOKEN);
    const lastUsed = () => temp.db.select().from(apiTokens).where(eq(apiTokens.id, BOOTSTRAP_TOKEN_ID)).get()?.lastUsedAt?.getTime();
    const t0 = Date.parse("2030-01-01T00:00:00Z");
    authenticateApiToken(temp.db, TOKEN, new Date(t0));
    authenticateApiToken(temp.db, TOKEN, new Date(t0 + 59_000));
    expect(lastUsed()).toBe(t0);
    authenticateApiToken(temp.db, TOKEN, new Date(t0 + 60_000));
    expect(lastUsed()).toBe(t0 + 60_000);
  });
});

describe("authenticateApiToken while another connection holds the write lock", () => {
  it("authenticates at once, skips the last-used bookkeeping and leaves the busy timeout as it was", () => {
    ensureBootstrapToken(temp.db, TOKEN);
    const other = openDatabase(temp.file);
    other.$client.exec("BEGIN IMMEDIATE");
    try {
      const started = Date.now();
      expect(authenticateApiToken(temp.db, TOKEN)?.role).toBe("administrator");
      // busy_timeout is 5 s on this connection: waiting for the lock would take that long.
      expect(Date.now() - started).toBeLessThan(1000);
      expect(temp.db.$client.pragma("busy_timeout", { simple: true })).toBe(5000);
    } finally {
      other.$client.exec("ROLLBACK");
      other.$client.close();
    }
    expect(temp.db.select().from(apiTokens).get()?.lastUsedAt).toBeNull();
  });
});

describe("a token that belongs to a user", () => {
  const OWNED = "owned-token-0123456789";
  const addOwnedToken = (tokenRole: UserRole, ownerRole: UserRole) => {
    temp.db.insert(users).values({ id: "carol", email: "carol@example.com", role: ownerRole }).run();
    temp.db.insert(apiTokens).values({ id: "t1", name: "Carol's", tokenHash: hashApiToken(OWNED), prefix: "owned-to", role: tokenRole, userId: "carol" }).run();
  };
  const setOwner = (values: Partial<typeof users.$inferInsert>) => temp.db.update(users).set(values).where(eq(users.id, "carol")).run();

  for (const tokenRole of USER_ROLES) {
    it(`acts as a ${tokenRole} while its ${tokenRole} owner is active`, () => {
      addOwnedToken(tokenRole, tokenRole);
      expect(authenticateApiToken(temp.db, OWNED)).toEqual({ kind: "apiToken", tokenId: "t1", role: tokenRole, userId: "carol", gatewayId: null });
    });

    for (const ownerRole of USER_ROLES.slice(USER_ROLES.indexOf(tokenRole) + 1)) {
      it(`acts as a ${ownerRole} once its owner is demoted from ${tokenRole} to ${ownerRole}`, () => {
        addOwnedToken(tokenRole, tokenRole);
        setOwner({ role: ownerRole });
        expect(authenticateApiToken(temp.db, OWNED)?.role).toBe(ownerRole);
      });
    }

    for (const state of ["blocked", "pending"] as const) {
      it(`stops working for a ${tokenRole} whose owner is ${state}, and works again once the owner is active`, () => {
        addOwnedToken(tokenRole, tokenRole);
        setOwner({ state });
        expect(authenticateApiToken(temp.db, OWNED)).toBeNull();
        setOwner({ state: "active" });
        expect(authenticateApiToken(temp.db, OWNED)?.role).toBe(tokenRole);
      });
    }

    it(`stops working for a ${tokenRole} whose owner is deleted`, () => {
      addOwnedToken(tokenRole, tokenRole);
      temp.db.delete(users).where(eq(users.id, "carol")).run();
      expect(authenticateApiToken(temp.db, OWNED)).toBeNull();
    });
  }

  it("never acts above its own role when its owner is promoted", () => {
    addOwnedToken("developer", "developer");
    setOwner({ role: "administrator" });
    expect(authenticateApiToken(temp.db, OWNED)?.role).toBe("developer");
  });

  it("keeps the role of a token without a user (the bootstrap token)", () => {
    ensureBootstrapToken(temp.db, TOKEN);
    expect(authenticateApiToken(temp.db, TOKEN)).toEqual({ kind: "apiToken", tokenId: BOOTSTRAP_TOKEN_ID, role: "administrator", userId: null, gatewayId: null });
  });
});
