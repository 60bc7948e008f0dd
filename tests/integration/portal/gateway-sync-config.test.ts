/**
 * The self-hosted gateway protocol's portal side (/api/gateway/v1, gateway/remote/protocol.ts)
 * through its real route handlers on a prepared instance: tokens, the filtered configuration and
 * its long-poll, heartbeats.
 */
import { describe, expect, it } from "vitest";
import * as heartbeatRoute from "@/app/api/gateway/v1/heartbeat/route";
import { loadInstanceSecrets } from "@/db/secrets";
import { hashSubscriptionKey } from "@/db/subscription-keys";
import { formatGatewayToken } from "@/gateway/remote/gateway-token";
import { configResponseSchema } from "@/gateway/remote/protocol";
import { getDb } from "@/server/db";
import { api, apiJson, createApi, createProduct } from "@/tests/helpers/management-fixture";
import { configRevision } from "@/tests/helpers/temp-db";
import { generateToken, getConfig, heartbeat, json, request, useGatewaySync } from "./gateway-sync-fixture";

useGatewaySync();

describe("gateway tokens at /api/gateway/v1", () => {
  const refusal = (code: string, message: string) => ({ status: 401, body: { error: { code, message } } });

  it("serves a valid token of either key", async () => {
    expect((await getConfig()).status).toBe(200);
    expect((await getConfig("", { token: await generateToken("edge", "secondary") })).status).toBe(200);
  });

  it("refuses a missing or malformed header with GatewayTokenInvalid", async () => {
    const response = await getConfig("", { token: null });
    expect(response.headers.get("www-authenticate")).toBe("GatewayKey");
    expect(await json(response)).toEqual(refusal("GatewayTokenInvalid", "No Authorization header: send 'GatewayKey {gatewayId}&{yyyyMMddHHmm}&{signature}'."));
    expect(await json(await getConfig("", { token: "Bearer abc" }))).toEqual(
      refusal(
        "GatewayTokenInvalid",
        "The Authorization header must be 'GatewayKey {gatewayId}&{yyyyMMddHHmm}&{signature}', a token made by POST /gateways/{gatewayId}/generateToken.",
      ),
    );
  });

  it("refuses an expired token with GatewayTokenExpired", async () => {
    const { body: keys } = await apiJson("POST", "/gateways/edge/listKeys");
    const expired = formatGatewayToken("edge", new Date("2024-01-01T10:00:00Z"), keys.primary);
    expect(await json(await getConfig("", { token: expired }))).toEqual(
      refusal("GatewayTokenExpired", "The token expired at 2024-01-01T10:00:00.000Z; generate a new one."),
    );
  });

  it("refuses a forged token with GatewayTokenInvalid", async () => {
    const forged = formatGatewayToken("edge", new Date(Date.now() + 3_600_000), "a key the portal never issued");
    expect(await json(await getConfig("", { token: forged }))).toEqual(
      refusal("GatewayTokenInvalid", "The token's signature matches neither key of gateway 'edge': it is forged, or was made from a key regenerated since."),
    );
  });

  it("refuses a token made from a regenerated key with GatewayTokenRevoked, and takes the new key's tokens", async () => {
    expect((await api("POST", "/gateways/edge/regenerateKey", { body: { keyType: "primary" } })).status).toBe(204);
    expect(await json(await getConfig())).toEqual(
      refusal("GatewayTokenRevoked", "The token was made from a key of gateway 'edge' that has since been regenerated; generate a new token."),
    );
    expect((await getConfig("", { token: await generateToken("edge") })).status).toBe(200);
  });

  it("refuses the token of a deleted gateway with GatewayNotFound", async () => {
    await api("DELETE", "/gateways/edge");
    expect(await json(await getConfig())).toEqual(refusal("GatewayNotFound", "Gateway 'edge' does not exist (deleted, or never created on this portal)."));
  });
});

describe("GET /config", () => {
  async function seed(): Promise<Record<string, string>> {
    for (const id of ["echo", "chat", "other"]) await createApi(id);
    await api("PUT", "/gateways/edge/apis/echo");
    await api("PUT", "/gateways/edge/apis/chat");
    await createProduct("starter");
    await createProduct("premium");
    await api("PUT", "/products/starter/apis/echo");
    await api("PUT", "/products/starter/apis/other");
    await api("PUT", "/products/premium/apis/other");
    const policy = { properties: { value: "<policies><inbound></inbound></policies>" } };
    for (const path of ["/policies/policy", "/products/starter/policies/policy", "/products/premium/policies/policy", "/apis/echo/policies/policy", "/apis/other/policies/policy"]) {
      const put = await api("PUT", path, { body: policy });
      if (put.status !== 201) throw new Error(`${path}: ${put.status} ${await put.text()}`);
    }
    const keys: Record<string, string> = {};
    const subscriptions: [string, string, string | null][] = [
      ["all", "/apis", null],
      ["echo-only", "/apis/echo", "dev"],
      ["other-only", "/apis/other", "dev2"],
      ["starter-sub", "/products/starter", "dev"],
      ["premium-sub", "/products/premium", "dev2"],
    ];
    for (const [sid, scope, ownerId] of subscriptions) {
      const put = await apiJson("PUT", `/subscriptions/${sid}`, { body: { properties: { scope, displayName: sid, ownerId, state: "active" } } });
      if (put.status !== 201) throw new Error(`${sid}: ${put.status} ${JSON.stringify(put.body)}`);
      keys[sid] = (await apiJson("POST", `/subscriptions/${sid}/listSecrets`)).body.primaryKey;
    }
    return keys;
  }

  it("holds exactly what the gateway serves: its APIs, their products and links, policies, subscriptions and owners", async () => {
    await seed();
    const { status, body } = await json(await getConfig());
    expect(status).toBe(200);
    const config = configResponseSchema.parse(body);
    expect(config.gatewayId).toBe("edge");
    expect(config.revision).toBe(configRevision(getDb()));
    expect(config.rows.revision).toBe(config.revision);
    expect(config.rows.apis.map((a) => a.id)).toEqual(["chat", "echo"]);
    expect(config.rows.productApis).toEqual([{ productId: "starter", apiId: "echo" }]);
    expect(config.rows.products).toEqual([{ id: "starter", displayName: "starter" }]);
    expect(config.rows.policies.map((p) => `${p.scope}:${p.scopeId}`).sort()).toEqual(["api:echo", "global:", "product:starter"]);
    expect(config.rows.subscriptions.map((s) => [s.id, s.scope, s.ownerEmail]).sort()).toEqual([
      ["all", "/apis", null],
      ["echo-only", "/apis/echo", "dev@example.com"],
      ["starter-sub", "/products/starter", "dev@example.com"],
    ]);
    expect(JSON.stringify(config)).not.toContain("dev2@example.com");
  });

  it("hashes keys with a per-gateway key, not the instance's: a presented key hashed with it finds its subscription", async () => {
    const keys = await seed();
    const config = configResponseSchema.parse((await json(await getConfig())).body);
    const instance = loadInstanceSecrets(process.env.PORTCULLIS_DB!);
    expect(config.keyHashKey).not.toBe(instance.keyHmacKey);
    expect(Buffer.from(config.keyHashKey, "base64")).toHaveLength(32);
    const found = config.rows.subscriptions.find((s) => s.primaryKeyHash === hashSubscriptionKey(keys["echo-only"]!, config.keyHashKey));
    expect(found?.id).toBe("echo-only");
    const stored = getDb().$client.prepare("SELECT primary_key_hash FROM subscriptions WHERE id = 'echo-only'").get() as { primary_key_hash: string };
    expect(found?.primaryKeyHash).not.toBe(stored.primary_key_hash);
    expect(JSON.stringify(config)).not.toContain(stored.primary_key_hash);
    // Another gateway's key-hash key is another key.
    await api("PUT", "/gateways/edge2", { body: { properties: {} } });
    const other = configResponseSchema.parse((await json(await getConfig("", { token: await generateToken("edge2") }))).body);
    expect(other.keyHashKey).not.toBe(config.keyHashKey);
  });

  it("serves every API to the managed gateway", async () => {
    await seed();
    const config = configResponseSchema.parse((await json(await getConfig("", { token: await generateToken("managed") }))).body);
    expect(config.rows.apis.map((a) => a.id)).toEqual(["chat", "echo", "other"]);
    expect(config.rows.subscriptions).toHaveLength(5);
  });

  it("answers at once when the gateway's revision is behind, and 400 for a revision that is not a number", async () => {
    const current = configRevision(getDb());
    const started = Date.now();
    expect((await getConfig(`?revision=${current - 1}`)).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect((await json(await getConfig("?revision=abc"))).status).toBe(400);
  });

  it("holds a request at the current revision and answers within a second of a change", async () => {
    process.env.PORTCULLIS_GATEWAY_LONGPOLL_MS = "20000";
    try {
      const current = configRevision(getDb());
      const held = getConfig(`?revision=${current}`);
      let answered = false;
      void held.then(() => (answered = true));
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(answered).toBe(false);
      const changedAt = Date.now();
      await createApi("late");
      await api("PUT", "/gateways/edge/apis/late");
      const response = await held;
      const delay = Date.now() - changedAt;
      expect(delay).toBeLessThan(1_000);
      const config = configResponseSchema.parse(await response.json());
      expect(config.revision).toBeGreaterThan(current);
      expect(config.rows.apis.map((a) => a.id)).toEqual(["late"]);
    } finally {
      delete process.env.PORTCULLIS_GATEWAY_LONGPOLL_MS;
    }
  });

  it("answers 304 with no body when nothing changes during the hold", async () => {
    process.env.PORTCULLIS_GATEWAY_LONGPOLL_MS = "600";
    try {
      const started = Date.now();
      const response = await getConfig(`?revision=${configRevision(getDb())}`);
      expect(response.status).toBe(304);
      expect(await response.text()).toBe("");
      expect(Date.now() - started).toBeGreaterThanOrEqual(590);
    } finally {
      delete process.env.PORTCULLIS_GATEWAY_LONGPOLL_MS;
    }
  });

  it("lets go of a held request as soon as the gateway goes away", async () => {
    process.env.PORTCULLIS_GATEWAY_LONGPOLL_MS = "20000";
    try {
      const controller = new AbortController();
      const held = getConfig(`?revision=${configRevision(getDb())}`, { signal: controller.signal });
      setTimeout(() => controller.abort(), 300);
      const started = Date.now();
      expect((await held).status).toBe(304);
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      delete process.env.PORTCULLIS_GATEWAY_LONGPOLL_MS;
    }
  });
});

describe("POST /heartbeat", () => {
  it("creates then updates one instance row and the gateway's last heartbeat, without moving config_revision", async () => {
    const revision = configRevision(getDb());
    expect((await heartbeat("i-1")).status).toBe(204);
    const first = (await apiJson("GET", "/gateways/edge/instances")).body.value;
    expect(first).toEqual([
      {
        instanceId: "i-1",
        host: "edge-host-1",
        version: "0.1.0",
        revision: 7,
        connections: 3,
        workers: 2,
        firstSeenAt: expect.any(String),
        lastHeartbeatAt: first[0].firstSeenAt,
        stale: false,
      },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await heartbeat("i-1", { connections: 9, revision: 8 })).status).toBe(204);
    expect((await heartbeat("i-2")).status).toBe(204);
    const second = (await apiJson("GET", "/gateways/edge/instances")).body.value;
    expect(second.map((i: { instanceId: string }) => i.instanceId).sort()).toEqual(["i-1", "i-2"]);
    const updated = second.find((i: { instanceId: string }) => i.instanceId === "i-1");
    expect(updated).toMatchObject({ connections: 9, revision: 8, firstSeenAt: first[0].firstSeenAt });
    expect(updated.lastHeartbeatAt > first[0].lastHeartbeatAt).toBe(true);
    expect((await apiJson("GET", "/gateways/edge")).body.properties.lastHeartbeatAt).not.toBeNull();
    expect(configRevision(getDb())).toBe(revision);
  });

  it("marks an instance silent for more than 60 s as stale", async () => {
    await heartbeat("i-old");
    getDb().$client.prepare("UPDATE gateway_instances SET last_heartbeat_at = ? WHERE instance_id = 'i-old'").run(Date.now() - 61_000);
    expect((await apiJson("GET", "/gateways/edge/instances")).body.value[0]).toMatchObject({ instanceId: "i-old", stale: true });
  });

  it("answers 400 naming the missing fields", async () => {
    expect(await json(await heartbeatRoute.POST(request("/heartbeat", { body: { instanceId: "i" } })))).toEqual({
      status: 400,
      body: {
        error: {
          code: "ValidationError",
          message: "host is required. version is required. revision is required. connections is required. workers is required.",
          details: ["host", "version", "revision", "connections", "workers"].map((target) => ({ target, message: "is required" })),
        },
      },
    });
  });
});
