/**
 * A scripted mix of connections through the real gateway: refusals (401, 404, 429, 502) and
 * connections exchanging known messages and bytes, closed by the client, the backend and an
 * administrator's close request. The log rows, the per-minute metrics and the Prometheus
 * exposition must all tell exactly that story.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { connectionCloseRequests, gatewayLogs, policies } from "@/db/schema/index";
import { startEchoBackend, type EchoBackend } from "../../helpers/echo-backend";
import { freePort } from "../../helpers/free-port";
import { waitForLogRow, type GatewayLogRow } from "../../helpers/gateway-logs";
import { startGateway, waitFor, type GatewayProcess } from "../../helpers/gateway-process";
import { attemptHandshake } from "../../helpers/handshake-client";
import { promValue, scrapeGateway, type PromSample } from "../../helpers/prometheus-text";
import { createTempDatabase, insertApi, type TempDatabase } from "../../helpers/temp-db";

let tmp: TempDatabase;
let backend: EchoBackend;
let gateway: GatewayProcess;

const CLOSE_REASON = "maintenance window"; // 18 bytes

beforeAll(async () => {
  tmp = createTempDatabase();
  backend = await startEchoBackend();
  // The backend closes with 4001 "bye" after echoing "close-me".
  backend.server.on("connection", (ws) => ws.on("message", (data) => String(data) === "close-me" && ws.close(4001, "bye")));
  insertApi(tmp.db, { id: "echo", path: "echo", serviceUrl: backend.url() });
  insertApi(tmp.db, { id: "keyed", path: "keyed", serviceUrl: backend.url(), subscriptionRequired: true });
  insertApi(tmp.db, { id: "limited", path: "limited", serviceUrl: backend.url() });
  insertApi(tmp.db, { id: "down", path: "down", serviceUrl: `ws://127.0.0.1:${await freePort()}` });
  tmp.db
    .insert(policies)
    .values({
      scope: "api",
      scopeId: "limited",
      value: `<policies><inbound><base /><rate-limit-by-key calls="1" renewal-period="60" counter-key="@(context.Request.IpAddress)" /></inbound></policies>`,
    })
    .run();
  gateway = await startGateway(tmp.file, { GATEWAY_METRICS_FLUSH_MS: "100" });
});

afterAll(async () => {
  await gateway?.stop();
  await backend?.close();
  tmp?.cleanup();
});

function open(path: string): Promise<WebSocket> {
  const ws = new WebSocket(gateway.url(path));
  return new Promise((resolve, reject) => {
    ws.once("open", () => resolve(ws));
    ws.once("error", reject);
  });
}

async function echo(ws: WebSocket, data: string | Buffer): Promise<void> {
  const answered = new Promise((r) => ws.once("message", r));
  ws.send(data);
  await answered;
}

function closed(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((r) => ws.once("close", (code, reason) => r({ code, reason: reason.toString() })));
}

/** What each connection did, as the test drove it (bytes worked out frame by frame). */
interface Expected {
  url: string;
  responseCode: number;
  apiId: string | null;
  messagesInbound: number;
  messagesOutbound: number;
  bytesInbound: number;
  bytesOutbound: number;
  closeCode: number | null;
  closeReason: string | null;
  closedBy: "client" | "backend" | "gateway" | null;
  lastErrorReason: string | null;
}

const expected: Expected[] = [];
const refusal = (url: string, apiId: string | null, responseCode: number, lastErrorReason: string): Expected => ({
  url,
  responseCode,
  apiId,
  messagesInbound: 0,
  messagesOutbound: 0,
  bytesInbound: 0,
  bytesOutbound: 0,
  closeCode: null,
  closeReason: null,
  closedBy: null,
  lastErrorReason,
});

describe("a scripted mix of connections", () => {
  let clientSawOnAdminClose: { code: number; reason: string };
  let rows: GatewayLogRow[];

  beforeAll(async () => {
    // Refusals: unknown path, missing key, backend down; then the rate limit's second attempt.
    expect((await attemptHandshake(gateway.url("/nope?x=1"))).status).toBe(404);
    expected.push(refusal("/nope", null, 404, "ApiNotFound")); // no API: the query is not logged (nothing says which parameter is secret)
    expect((await attemptHandshake(gateway.url("/keyed?x=2"))).status).toBe(401);
    expected.push(refusal("/keyed?x=2", "keyed", 401, "SubscriptionKeyNotFound"));
    expect((await attemptHandshake(gateway.url("/down?x=3"))).status).toBe(502);
    expected.push(refusal("/down?x=3", "down", 502, "BackendConnectionFailed"));

    // limited: the first attempt opens (and closes at once, 1000 by the client), the second is 429.
    const first = await open("/limited?n=1");
    const firstClosed = closed(first);
    first.close(1000);
    await firstClosed;
    expected.push({ ...refusal("/limited?n=1", "limited", 101, ""), lastErrorReason: null, bytesInbound: 8, bytesOutbound: 4, closeCode: 1000, closeReason: "", closedBy: "client" });
    expect((await attemptHandshake(gateway.url("/limited?n=2"))).status).toBe(429);
    expected.push(refusal("/limited?n=2", "limited", 429, "RateLimitExceeded"));

    // A: 3 text messages of 10 bytes echoed, then the client closes with 1000.
    const a = await open("/echo?conn=a");
    for (let i = 0; i < 3; i++) await echo(a, "x".repeat(10)); // in 2+4+10, out 2+10 per message
    const aClosed = closed(a);
    a.close(1000); // client Close 2+4+2, the backend's answer 2+2
    await aClosed;
    expected.push({ ...refusal("/echo?conn=a", "echo", 101, ""), lastErrorReason: null, messagesInbound: 3, messagesOutbound: 3, bytesInbound: 3 * 16 + 8, bytesOutbound: 3 * 12 + 4, closeCode: 1000, closeReason: "", closedBy: "client" });

    // B: 2 binary messages of 100 bytes, then "close-me": the backend closes with 4001 "bye".
    const b = await open("/echo?conn=b");
    for (let i = 0; i < 2; i++) await echo(b, Buffer.alloc(100, 7)); // in 2+4+100, out 2+100
    const bClosed = closed(b);
    b.send("close-me"); // in 2+4+8, echo out 2+8, then the backend's Close 2+2+3 and the client's answer 2+4+2+3
    expect(await bClosed).toEqual({ code: 4001, reason: "bye" });
    expected.push({ ...refusal("/echo?conn=b", "echo", 101, ""), lastErrorReason: null, messagesInbound: 3, messagesOutbound: 3, bytesInbound: 2 * 106 + 14 + 11, bytesOutbound: 2 * 102 + 10 + 7, closeCode: 4001, closeReason: "bye", closedBy: "backend" });

    // C: one message, then an administrator's close request: the gateway closes both sides with 1008.
    const c = await open("/echo?conn=c");
    await echo(c, "y".repeat(10));
    const cRow = await waitForLogRow(tmp.db, "/echo?conn=c");
    const cClosed = closed(c);
    tmp.db
      .insert(connectionCloseRequests)
      .values({ id: randomUUID(), logId: cRow.id, gatewayId: "managed", reason: CLOSE_REASON, requestedBy: "test", requestedAt: new Date() })
      .run();
    clientSawOnAdminClose = await cClosed;
    // The gateway's own Close frames are not relayed traffic; the peers' answers are counted: client 2+4+2+18, backend 2+2+18.
    expected.push({ ...refusal("/echo?conn=c", "echo", 101, ""), lastErrorReason: null, messagesInbound: 1, messagesOutbound: 1, bytesInbound: 16 + 26, bytesOutbound: 12 + 22, closeCode: 1008, closeReason: CLOSE_REASON, closedBy: "gateway" });

    rows = [];
    for (const e of expected) rows.push(await waitForLogRow(tmp.db, e.url, (row) => row.responseCode !== 101 || row.closedAt !== null));
  });

  it("the client closed by an administrator sees 1008 with the reason, and the request is marked done", async () => {
    expect(clientSawOnAdminClose).toEqual({ code: 1008, reason: CLOSE_REASON });
    const request = await waitFor(() => tmp.db.select().from(connectionCloseRequests).get()?.doneAt ? tmp.db.select().from(connectionCloseRequests).get() : null);
    expect(request.outcome).toBe("closed");
  });

  it("has one log row per attempt, each exactly as the connection went", () => {
    expect(tmp.db.select().from(gatewayLogs).all()).toHaveLength(expected.length);
    for (const [i, e] of expected.entries()) {
      const row = rows[i]!;
      expect({ url: row.url, row: pick(row) }).toEqual({ url: e.url, row: { ...e, url: undefined } });
      if (row.responseCode === 101) {
        expect(row.closedAt!.getTime()).toBeGreaterThanOrEqual(row.time.getTime());
        // The duration runs from the 101, the row's time from the request.
        expect(row.durationMs).toBeGreaterThanOrEqual(0);
        expect(row.durationMs).toBeLessThanOrEqual(row.closedAt!.getTime() - row.time.getTime());
      }
    }
  });

  it("per-minute metrics sum to the log rows exactly, with latency percentiles and the peak", async () => {
    const sums = await waitFor(() => {
      const s = minuteSums();
      return s.echo?.bytesOutbound === sumOf("echo", "bytesOutbound") ? s : null;
    });
    for (const api of ["echo", "keyed", "limited", "down", ""]) {
      const id = api === "" ? null : api;
      const ofApi = expected.filter((e) => e.apiId === id);
      const byCode: Record<string, number> = {};
      for (const e of ofApi) byCode[e.responseCode] = (byCode[e.responseCode] ?? 0) + 1;
      expect({ api, ...sums[api] }).toEqual({
        api,
        attemptsSucceeded: ofApi.filter((e) => e.responseCode === 101).length,
        attemptsFailed: ofApi.filter((e) => e.responseCode !== 101).length,
        attemptsByCode: byCode,
        messagesInbound: sumOf(id, "messagesInbound"),
        messagesOutbound: sumOf(id, "messagesOutbound"),
        bytesInbound: sumOf(id, "bytesInbound"),
        bytesOutbound: sumOf(id, "bytesOutbound"),
        handshakes: ofApi.length,
        logRowsDropped: 0,
      });
    }
    const echoRows = tmp.db.$client
      .prepare("SELECT active_connections_peak peak, handshake_p50_us p50, handshake_p95_us p95, handshake_p99_us p99 FROM metrics_minute WHERE api_id = 'echo'")
      .all() as { peak: number; p50: number; p95: number; p99: number }[];
    expect(Math.max(...echoRows.map((r) => r.peak))).toBe(1);
    for (const r of echoRows.filter((r) => r.p50 !== null)) {
      expect(r.p50).toBeGreaterThan(0);
      expect(r.p50).toBeLessThanOrEqual(r.p95);
      expect(r.p95).toBeLessThanOrEqual(r.p99);
      expect(r.p99).toBeLessThan(5_000_000);
    }
  });

  it("the Prometheus exposition parses and agrees with the log rows", async () => {
    const samples: PromSample[] = await scrapeGateway(gateway.adminPort);
    for (const e of new Set(expected.map((x) => `${x.apiId ?? ""}|${x.responseCode}`))) {
      const [api, code] = e.split("|") as [string, string];
      const n = expected.filter((x) => (x.apiId ?? "") === api && String(x.responseCode) === code).length;
      expect({ api, code, n: promValue(samples, "portcullis_websocket_connection_attempts_total", { api, code, gateway: "managed", state: code === "101" ? "succeeded" : "failed" }) }).toEqual({ api, code, n });
    }
    for (const api of ["echo", "limited"]) {
      for (const [direction, m, b] of [["inbound", "messagesInbound", "bytesInbound"], ["outbound", "messagesOutbound", "bytesOutbound"]] as const) {
        expect(promValue(samples, "portcullis_websocket_messages_total", { api, gateway: "managed", direction })).toBe(sumOf(api, m));
        expect(promValue(samples, "portcullis_websocket_bytes_total", { api, gateway: "managed", direction })).toBe(sumOf(api, b));
      }
      expect(promValue(samples, "portcullis_websocket_active_connections", { api, gateway: "managed" })).toBe(0);
    }
    expect(promValue(samples, "portcullis_handshake_duration_seconds_count", { api: "echo", gateway: "managed" })).toBe(3);
    expect(promValue(samples, "portcullis_handshake_duration_seconds_bucket", { api: "echo", gateway: "managed", le: "+Inf" })).toBe(3);
    expect(samples.filter((s) => s.name === "portcullis_gateway_log_rows_dropped_total")).toEqual([]);
  });

  it("a close request for a connection that is not open is marked notFound", async () => {
    const id = randomUUID();
    tmp.db.insert(connectionCloseRequests).values({ id, logId: rows[0]!.id, gatewayId: "managed", reason: "x", requestedBy: "test", requestedAt: new Date() }).run();
    const done = await waitFor(() => tmp.db.select().from(connectionCloseRequests).where(eq(connectionCloseRequests.id, id)).get()?.outcome);
    expect(done).toBe("notFound");
  });
});

function pick(row: GatewayLogRow): Omit<Expected, "url"> & { url: undefined } {
  return {
    url: undefined,
    responseCode: row.responseCode,
    apiId: row.apiId,
    messagesInbound: row.messagesInbound,
    messagesOutbound: row.messagesOutbound,
    bytesInbound: row.bytesInbound,
    bytesOutbound: row.bytesOutbound,
    closeCode: row.closeCode,
    closeReason: row.closeReason,
    closedBy: row.closedBy,
    lastErrorReason: row.lastErrorReason,
  };
}

function sumOf(apiId: string | null, field: "messagesInbound" | "messagesOutbound" | "bytesInbound" | "bytesOutbound"): number {
  return expected.filter((e) => e.apiId === apiId).reduce((n, e) => n + e[field], 0);
}

function minuteSums() {
  const rows = tmp.db.$client.prepare("SELECT * FROM metrics_minute").all() as Record<string, unknown>[];
  const out: Record<string, { attemptsSucceeded: number; attemptsFailed: number; attemptsByCode: Record<string, number>; messagesInbound: number; messagesOutbound: number; bytesInbound: number; bytesOutbound: number; handshakes: number; logRowsDropped: number }> = {};
  for (const r of rows) {
    const api = r.api_id as string;
    const s = (out[api] ??= { attemptsSucceeded: 0, attemptsFailed: 0, attemptsByCode: {}, messagesInbound: 0, messagesOutbound: 0, bytesInbound: 0, bytesOutbound: 0, handshakes: 0, logRowsDropped: 0 });
    s.attemptsSucceeded += r.attempts_succeeded as number;
    s.attemptsFailed += r.attempts_failed as number;
    for (const [code, n] of Object.entries(JSON.parse(r.attempts_by_code as string) as Record<string, number>)) s.attemptsByCode[code] = (s.attemptsByCode[code] ?? 0) + n;
    s.messagesInbound += r.messages_inbound as number;
    s.messagesOutbound += r.messages_outbound as number;
    s.bytesInbound += r.bytes_inbound as number;
    s.bytesOutbound += r.bytes_outbound as number;
    s.logRowsDropped += r.log_rows_dropped as number;
    // Each minute's histogram holds that minute's handshakes (rewritten whole at each flush).
    s.handshakes += Object.values(JSON.parse(r.handshake_histogram as string) as Record<string, number>).reduce((a, b) => a + b, 0);
  }
  return out;
}
