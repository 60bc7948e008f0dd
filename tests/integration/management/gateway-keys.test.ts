/** Gateway keys and tokens (APIM's listKeys, regenerateKey, generateToken) through the management API's route handlers. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditLog } from "@/db/schema/index";
import { parseGatewayToken, verifyGatewayToken } from "@/gateway/remote/gateway-token";
import { getDb } from "@/server/db";
import { api, apiJson, PUBLISHER_TOKEN, resetData, setUpManagementApi, tearDownManagementApi } from "@/tests/helpers/management-fixture";

beforeAll(setUpManagementApi);
afterAll(tearDownManagementApi);
beforeEach(async () => {
  resetData();
  await api("PUT", "/gateways/edge", { body: { properties: { locationData: { name: "Edge" } } } });
});

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

async function keys(gatewayId = "edge"): Promise<{ primary: string; secondary: string }> {
  const answer = await apiJson("POST", `/gateways/${gatewayId}/listKeys`);
  expect(answer.status).toBe(200);
  return answer.body;
}

describe("gateway keys", () => {
  it("creates two distinct 64-byte keys with the gateway, listed only by listKeys", async () => {
    const { primary, secondary } = await keys();
    expect(Buffer.from(primary, "base64")).toHaveLength(64);
    expect(Buffer.from(secondary, "base64")).toHaveLength(64);
    expect(primary).not.toBe(secondary);
    expect(await keys()).toEqual({ primary, secondary });
    const everywhere = JSON.stringify([(await apiJson("GET", "/gateways/edge")).body, (await apiJson("GET", "/gateways")).body]);
    expect(everywhere).not.toContain(primary);
    expect(everywhere).not.toContain(secondary);
  });

  it("stores the keys encrypted, never in clear, and keeps them out of audit rows", async () => {
    const { primary } = await keys();
    await api("POST", "/gateways/edge/regenerateKey", { body: { keyType: "secondary" } });
    const row = getDb().$client.prepare("SELECT * FROM gateways WHERE id = 'edge'").get();
    expect(JSON.stringify(row)).not.toContain(primary);
    const audit = getDb().select().from(auditLog).all();
    expect(audit.map((a) => a.action)).toEqual(["create", "regenerateKey"]);
    expect(audit[1]!.after).toEqual({ keyType: "secondary" });
    expect(JSON.stringify(audit)).not.toContain(primary);
  });

  it("gives the managed gateway keys too, on first use", async () => {
    const { primary, secondary } = await keys("managed");
    expect(primary).not.toBe(secondary);
    expect(await keys("managed")).toEqual({ primary, secondary });
  });

  it("regenerates only the named key (204)", async () => {
    const before = await keys();
    expect((await api("POST", "/gateways/edge/regenerateKey", { body: { keyType: "primary" } })).status).toBe(204);
    const after = await keys();
    expect(after.primary).not.toBe(before.primary);
    expect(after.secondary).toBe(before.secondary);
  });

  it("answers 400 for an unknown key type and 404 for an unknown gateway", async () => {
    expect(await apiJson("POST", "/gateways/edge/regenerateKey", { body: { keyType: "tertiary" } })).toEqual({
      status: 400,
      body: {
        error: {
          code: "ValidationError",
          message: 'keyType must be one of "primary", "secondary".',
          details: [{ target: "keyType", message: 'must be one of "primary", "secondary"' }],
        },
      },
    });
    expect(await apiJson("POST", "/gateways/ghost/listKeys")).toEqual({ status: 404, body: { error: { code: "NotFound", message: "Gateway 'ghost' not found." } } });
  });

  it("is for administrators only: a publisher gets 403 on every key route", async () => {
    for (const path of ["listKeys", "regenerateKey", "generateToken"]) {
      const answer = await apiJson("POST", `/gateways/edge/${path}`, { token: PUBLISHER_TOKEN, body: { keyType: "primary", expiry: inDays(1) } });
      expect(answer).toEqual({
        status: 403,
        body: { error: { code: "Forbidden", message: "The publisher role cannot POST this resource; it requires administrator." } },
      });
    }
  });
});

describe("gateway tokens", () => {
  it("makes a GatewayKey token signed with the named key, accepted by the protocol's verifier", async () => {
    const { primary, secondary } = await keys();
    for (const [keyType, key] of [["primary", primary], ["secondary", secondary]] as const) {
      const answer = await apiJson("POST", "/gateways/edge/generateToken", { body: { keyType, expiry: inDays(29) } });
      expect(answer.status).toBe(200);
      expect(answer.body.value).toMatch(/^GatewayKey edge&\d{12}&[A-Za-z0-9+/]{86}==$/);
      const parsed = parseGatewayToken(answer.body.value);
      if (!parsed.ok) throw new Error(parsed.refusal.message);
      expect(verifyGatewayToken(parsed.parts, { current: [key] }, new Date())).toEqual({ ok: true });
    }
  });

  it("refuses an expiry in the past or more than 30 days ahead with 400", async () => {
    expect(await apiJson("POST", "/gateways/edge/generateToken", { body: { keyType: "primary", expiry: inDays(-1) } })).toEqual({
      status: 400,
      body: {
        error: {
          code: "ValidationError",
          message: "The expiry must be in the future (tokens name whole minutes, UTC).",
          details: [{ target: "expiry", message: "must be in the future" }],
        },
      },
    });
    expect((await apiJson("POST", "/gateways/edge/generateToken", { body: { keyType: "primary", expiry: inDays(31) } })).body.error.message).toBe(
      "The expiry must be at most 30 days ahead.",
    );
    expect((await apiJson("POST", "/gateways/edge/generateToken", { body: { keyType: "primary", expiry: "tomorrow" } })).body.error.details).toEqual([
      { target: "expiry", message: "must be an ISO 8601 date-time such as 2025-01-31T12:00:00Z" },
    ]);
  });
});
