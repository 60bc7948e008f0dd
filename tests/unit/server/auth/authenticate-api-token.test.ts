import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import { apiTokens } from "@/db/schema/index";
import { hashApiToken } from "@/server/auth/api-tokens";
import { authenticateApiToken } from "@/server/auth/authenticate-api-token";
import { BOOTSTRAP_TOKEN_ID, ensureBootstrapToken } from "@/server/auth/ensure-bootstrap-token";
import { openTempDb } from "../temp-db";

let temp: ReturnType<typeof openTempDb>;
beforeEach(() => (temp = openTempDb()));
afterEach(() => temp.close());

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
