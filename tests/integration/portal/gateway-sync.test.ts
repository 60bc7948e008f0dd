/**
 * The self-hosted gateway protocol's portal side (/api/gateway/v1, gateway/remote/protocol.ts)
 * through its real route handlers on a prepared instance: tokens, the filtered configuration and
 * its long-poll, heartbeats, telemetry and close requests.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as configRoute from "@/app/api/gateway/v1/config/route";
import * as ackRoute from "@/app/api/gateway/v1/close-requests/ack/route";
import * as closeRequestsRoute from "@/app/api/gateway/v1/close-requests/route";
import * as heartbeatRoute from "@/app/api/gateway/v1/heartbeat/route";
import * as telemetryRoute from "@/app/api/gateway/v1/telemetry/route";
import { loadInstanceSecrets } from "@/db/secrets";
import { hashSubscriptionKey } from "@/db/subscription-keys";
import { formatGatewayToken } from "@/gateway/remote/gateway-token";
import { configResponseSchema, type TelemetryLogRow, type TelemetryMinuteRow } from "@/gateway/remote/protocol";
import { getDb } from "@/server/db";
import { configRevision } from "@/tests/helpers/temp-db";
import { api, apiJson, createApi, createProduct, resetData, setUpManagementApi, tearDownManagementApi } from "@/tests/helpers/management-fixture";

beforeAll(setUpManagementApi);
afterAll(tearDownManagementApi);

let token: string;

beforeEach(async () => {
  resetData();
  getDb().$client.exec("DELETE FROM gateway_instances; DELETE FROM connection_close_requests;");
  await api("PUT", "/gateways/edge", { body: { properties: { locationData: { name: "Edge", city: "Paris" } } } });
  token = await generateToken("edge");
});

async function generateToken(gatewayId: string, keyType = "primary"): Promise<string> {
  const answer = await apiJson("POST", `/gateways/${gatewayId}/generateToken`, { body: { keyType, expiry: new Date(Date.now() + 86_400_000).toISOString() } });
  if (answer.status !== 200) throw new Error(`generateToken: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.value;
}

const BASE = "http://portal.test/api/gateway/v1";

function request(path: string, init: { method?: string; token?: string | null; body?: unknown; rawBody?: string; signal?: AbortSignal } = {}): Request {
  const headers: Record<string, string> = { "content-type": "application/json" };
  const auth = init.token === undefined ? token : init.token;
  if (auth) headers.authorization = auth;
  const body = init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
  return new Request(`${BASE}${path}`, { method: init.method ?? (body === undefined ? "GET" : "POST"), headers, body, signal: init.signal });
}

async function json(response: Response): Promise<{ status: number; body: ReturnType<typeof JSON.parse> }> {
  const text = await response.text();
  return { status: response.status, body: text === "" ? null : JSON.parse(text) };
}

const getConfig = (query = "", init: Parameters<typeof request>[1] = {}) => configRoute.GET(request(`/config${query}`, init));

function heartbeat(instanceId: string, fields: Partial<{ revision: number; connections: number; workers: number }> = {}) {
  return heartbeatRoute.POST(
    request("/heartbeat", { body: { instanceId, host: "edge-host-1", version: "0.1.0", revision: 7, connections: 3, workers: 2, ...fields } }),
  );
}

function logRow(id: string, fields: Partial<TelemetryLogRow> = {}): TelemetryLogRow {
  return {
    id,
    time: Date.now(),
    gatewayId: "edge",
    apiId: "echo",
    operationId: "onHandshake",
    productId: null,
    subscriptionId: null,
    userId: null,
    callerIp: "203.0.113.9",
    method: "GET",
    url: "ws://edge.example/echo",
    responseCode: 101,
    backendResponseCode: 101,
    backendUrl: "ws://backend.example/echo",
    totalTime: 12,
    backendTime: 8,
    lastErrorReason: null,
    lastErrorMessage: null,
    lastErrorSource: null,
    traceId: null,
    closedAt: null,
    durationMs: null,
    closeCode: null,
    closeReason: null,
    closedBy: null,
    messagesInbound: 0,
    messagesOutbound: 0,
    bytesInbound: 0,
    bytesOutbound: 0,
    ...fields,
  };
}

function minuteRow(fields: Partial<TelemetryMinuteRow> = {}): TelemetryMinuteRow {
  return {
    minute: 29_000_000,
    gatewayId: "edge",
    apiId: "echo",
    succeeded: 2,
    failed: 1,
    byCode: '{"101":2,"401":1}',
    messagesInbound: 10,
    messagesOutbound: 20,
    bytesInbound: 100,
    bytesOutbound: 200,
    peak: 2,
    active: 1,
    p50: 900,
    p95: 1500,
    p99: 1500,
    histogram: '{"40":3}',
    logRowsDropped: 0,
    ...fields,
  };
}

const telemetry = (body: unknown) => telemetryRoute.POST(request("/telemetry", { body }));

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

describe("POST /telemetry", () => {
  it("inserts a log row, completes it later, and files both under the token's gateway", async () => {
    expect((await telemetry({ instanceId: "i-1", logs: [logRow("c-1", { gatewayId: "someone-else" })] })).status).toBe(204);
    const closedAt = Date.now();
    const completion = logRow("c-1", {
      gatewayId: "someone-else",
      closedAt,
      durationMs: 1500,
      closeCode: 1000,
      closeReason: "bye",
      closedBy: "client",
      messagesInbound: 4,
      messagesOutbound: 5,
      bytesInbound: 40,
      bytesOutbound: 50,
    });
    expect((await telemetry({ instanceId: "i-1", logs: [completion] })).status).toBe(204);
    const logs = (await apiJson("GET", "/logs?gatewayId=edge")).body.value;
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ id: "c-1", gatewayId: "edge", responseCode: 101, closeCode: 1000, closeReason: "bye", closedBy: "client", messagesInbound: 4, bytesOutbound: 50 });
    expect((await apiJson("GET", "/logs?gatewayId=someone-else")).body.value).toEqual([]);
  });

  it("leaves another gateway's log row alone when a batch reuses its id", async () => {
    await telemetry({ instanceId: "i-1", logs: [logRow("shared-id")] });
    await api("PUT", "/gateways/edge2", { body: { properties: {} } });
    const other = await generateToken("edge2");
    const response = await telemetryRoute.POST(request("/telemetry", { token: other, body: { instanceId: "x", logs: [logRow("shared-id", { closedAt: Date.now(), closeCode: 1008 })] } }));
    expect(response.status).toBe(204);
    const row = getDb().$client.prepare("SELECT gateway_id, close_code FROM gateway_logs WHERE id = 'shared-id'").get();
    expect(row).toEqual({ gateway_id: "edge", close_code: null });
  });

  it("adds minute deltas as the gateway's own writer does", async () => {
    await telemetry({ instanceId: "i-1", minutes: [minuteRow()] });
    await telemetry({ instanceId: "i-2", minutes: [minuteRow({ succeeded: 3, failed: 0, byCode: '{"101":3}', peak: 1, p50: null, p95: null, p99: null, histogram: "{}" })] });
    const row = getDb().$client.prepare("SELECT * FROM metrics_minute WHERE gateway_id = 'edge'").get() as Record<string, unknown>;
    expect(row).toMatchObject({
      api_id: "echo",
      attempts_succeeded: 5,
      attempts_failed: 1,
      messages_inbound: 20,
      bytes_outbound: 400,
      active_connections_peak: 2,
      handshake_p50_us: 900,
    });
    expect(JSON.parse(row.attempts_by_code as string)).toEqual({ "101": 5, "401": 1 });
  });

  it("answers 413 for a body over 5 MB and 400 for byCode that is not JSON counts", async () => {
    const huge = JSON.stringify({ instanceId: "i", logs: [logRow("big", { url: "x" })], padding: "p".repeat(5 * 1024 * 1024) });
    expect(await json(await telemetryRoute.POST(request("/telemetry", { rawBody: huge })))).toEqual({
      status: 413,
      body: { error: { code: "PayloadTooLarge", message: "The request body must be at most 5242880 bytes." } },
    });
    const bad = await json(await telemetry({ instanceId: "i", minutes: [minuteRow({ byCode: "not json" })] }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([{ target: "minutes[0].byCode", message: 'must be JSON text of an object of counts, such as {"101": 3}' }]);
    expect(getDb().$client.prepare("SELECT count(*) AS n FROM gateway_logs").get()).toEqual({ n: 0 });
  });
});

describe("close requests", () => {
  it("delivers a close request for a remote gateway's connection and records the gateway's answer", async () => {
    await heartbeat("i-1");
    await telemetry({ instanceId: "i-1", logs: [logRow("conn-1")] });
    const asked = await apiJson("POST", "/connections/conn-1/close", { body: { reason: "maintenance" } });
    expect(asked.status).toBe(202);
    expect(asked.body).toMatchObject({ connectionId: "conn-1", gatewayId: "edge", state: "pending" });
    const pending = await json(await closeRequestsRoute.GET(request("/close-requests")));
    expect(pending).toEqual({ status: 200, body: { requests: [{ id: asked.body.id, connectionId: "conn-1", reason: "maintenance" }] } });
    // Another gateway sees none of them and cannot answer them.
    const managed = await generateToken("managed");
    expect((await json(await closeRequestsRoute.GET(request("/close-requests", { token: managed })))).body).toEqual({ requests: [] });
    await ackRoute.POST(request("/close-requests/ack", { token: managed, body: { results: [{ id: asked.body.id, outcome: "notFound" }] } }));
    expect((await ackRoute.POST(request("/close-requests/ack", { body: { results: [{ id: asked.body.id, outcome: "closed" }] } }))).status).toBe(204);
    expect((await json(await closeRequestsRoute.GET(request("/close-requests")))).body).toEqual({ requests: [] });
    const row = getDb().$client.prepare("SELECT outcome, done_at IS NOT NULL AS done FROM connection_close_requests").get();
    expect(row).toEqual({ outcome: "closed", done: 1 });
  });
  it("settles a request no instance answered within 30 s as notFound when the gateway next polls", async () => {
    await heartbeat("i-1");
    await telemetry({ instanceId: "i-1", logs: [logRow("conn-old"), logRow("conn-new")] });
    const old = await apiJson("POST", "/connections/conn-old/close", { body: { reason: "maintenance" } });
    const fresh = await apiJson("POST", "/connections/conn-new/close", { body: { reason: "maintenance" } });
    // Asked 31 s ago: the instance that held conn-old is gone, and the live ones answer notFound only for their own connections.
    getDb().$client.prepare("UPDATE connection_close_requests SET requested_at = ? WHERE id = ?").run(Date.now() - 31_000, old.body.id);
    getDb().$client.prepare("UPDATE connection_close_requests SET requested_at = ? WHERE id = ?").run(Date.now() - 29_000, fresh.body.id);
    const pending = await json(await closeRequestsRoute.GET(request("/close-requests")));
    expect(pending.body).toEqual({ requests: [{ id: fresh.body.id, connectionId: "conn-new", reason: "maintenance" }] });
    const outcome = getDb().$client.prepare<[string], { outcome: string | null; done: number }>("SELECT outcome, done_at IS NOT NULL AS done FROM connection_close_requests WHERE id = ?");
    expect(outcome.get(old.body.id)).toEqual({ outcome: "notFound", done: 1 });
    expect(outcome.get(fresh.body.id)).toEqual({ outcome: null, done: 0 });
    // A late answer from an instance does not change the settled outcome.
    expect((await ackRoute.POST(request("/close-requests/ack", { body: { results: [{ id: old.body.id, outcome: "closed" }] } }))).status).toBe(204);
    expect(outcome.get(old.body.id)).toEqual({ outcome: "notFound", done: 1 });
  });
});
