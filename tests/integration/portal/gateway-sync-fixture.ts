/**
 * The self-hosted gateway protocol's tests' setup (gateway-sync-*.test.ts): a prepared instance
 * with a gateway `edge` and its token, requests to the real /api/gateway/v1 route handlers, and
 * rows a gateway would send.
 */
import { afterAll, beforeAll, beforeEach } from "vitest";
import * as configRoute from "@/app/api/gateway/v1/config/route";
import * as heartbeatRoute from "@/app/api/gateway/v1/heartbeat/route";
import * as telemetryRoute from "@/app/api/gateway/v1/telemetry/route";
import type { TelemetryLogRow, TelemetryMinuteRow } from "@/gateway/remote/protocol";
import { getDb } from "@/server/db";
import { api, apiJson, resetData, setUpManagementApi, tearDownManagementApi } from "@/tests/helpers/management-fixture";

/** Registers the file's hooks: a prepared instance, and a fresh `edge` gateway and token before each test. */
export function useGatewaySync(): void {
  beforeAll(setUpManagementApi);
  afterAll(tearDownManagementApi);
  beforeEach(async () => {
    resetData();
    getDb().$client.exec("DELETE FROM gateway_instances; DELETE FROM connection_close_requests;");
    await api("PUT", "/gateways/edge", { body: { properties: { locationData: { name: "Edge", city: "Paris" } } } });
    token = await generateToken("edge");
  });
}

/** The `edge` gateway's token, new for each test. */
export let token: string;

/** A token for `gatewayId` made from its primary (or `keyType`) key. */
export async function generateToken(gatewayId: string, keyType = "primary"): Promise<string> {
  const answer = await apiJson("POST", `/gateways/${gatewayId}/generateToken`, { body: { keyType, expiry: new Date(Date.now() + 86_400_000).toISOString() } });
  if (answer.status !== 200) throw new Error(`generateToken: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.value;
}

const BASE = "http://portal.test/api/gateway/v1";

/** A request to the gateway protocol at `path`, with the `edge` token unless told otherwise. */
export function request(path: string, init: { method?: string; token?: string | null; body?: unknown; rawBody?: string; signal?: AbortSignal } = {}): Request {
  const headers: Record<string, string> = { "content-type": "application/json" };
  const auth = init.token === undefined ? token : init.token;
  if (auth) headers.authorization = auth;
  const body = init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
  return new Request(`${BASE}${path}`, { method: init.method ?? (body === undefined ? "GET" : "POST"), headers, body, signal: init.signal });
}

/** The status and parsed body of an answer. */
export async function json(response: Response): Promise<{ status: number; body: ReturnType<typeof JSON.parse> }> {
  const text = await response.text();
  return { status: response.status, body: text === "" ? null : JSON.parse(text) };
}

/** GET /config with `query`. */
export const getConfig = (query = "", init: Parameters<typeof request>[1] = {}) => configRoute.GET(request(`/config${query}`, init));

/** POST /heartbeat of instance `instanceId`. */
export function heartbeat(instanceId: string, fields: Partial<{ revision: number; connections: number; workers: number }> = {}) {
  return heartbeatRoute.POST(
    request("/heartbeat", { body: { instanceId, host: "edge-host-1", version: "0.1.0", revision: 7, connections: 3, workers: 2, ...fields } }),
  );
}

/** A log row a gateway would send. */
export function logRow(id: string, fields: Partial<TelemetryLogRow> = {}): TelemetryLogRow {
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

/** A minute row a gateway would send. */
export function minuteRow(fields: Partial<TelemetryMinuteRow> = {}): TelemetryMinuteRow {
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

/** POST /telemetry with `body`. */
export const telemetry = (body: unknown) => telemetryRoute.POST(request("/telemetry", { body }));
