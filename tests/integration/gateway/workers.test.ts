/**
 * GATEWAY_WORKERS=2 through real processes: a primary and two workers sharing one client port,
 * one admin port for both, counters exact across them, per-minute rows and close requests for
 * the whole gateway, a killed worker replaced, SIGTERM draining both.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type WebSocket from "ws";
import { connectionCloseRequests, metricsMinute, policies } from "@/db/schema/index";
import { startEchoBackend, type EchoBackend } from "@/tests/helpers/echo-backend";
import { waitForLogRow } from "@/tests/helpers/gateway-logs";
import { gatewayHealth, gatewayReadiness, type WorkerHealth } from "@/tests/helpers/gateway-health";
import { startGateway, waitFor, type GatewayProcess } from "@/tests/helpers/gateway-process";
import { attemptHandshake, closeOf, openClient, roundTrip } from "@/tests/helpers/handshake-client";
import { promValue, scrapeGateway } from "@/tests/helpers/prometheus-text";
import { createTempDatabase, insertApi, type TempDatabase } from "@/tests/helpers/temp-db";

const inbound = (policy: string) => `<policies><inbound><base />${policy}</inbound></policies>`;

/** Opens `n` clients one after another, so round robin hands them to the workers in turn. */
async function openClients(gateway: GatewayProcess, path: (i: number) => string, n: number): Promise<WebSocket[]> {
  const clients: WebSocket[] = [];
  for (let i = 0; i < n; i++) clients.push(await openClient(gateway.url(path(i))));
  return clients;
}

/** The workers as /healthz lists them, once their open connections add up to `total`. */
async function workersHolding(gateway: GatewayProcess, total: number): Promise<WorkerHealth[]> {
  return waitFor(async () => {
    const health = await gatewayHealth(gateway);
    return health.connections === total && health.workers?.length === 2 ? health.workers : null;
  });
}

describe("a gateway with 2 workers", () => {
  let tmp: TempDatabase;
  let backend: EchoBackend;
  let gateway: GatewayProcess;
  const clients: WebSocket[] = [];

  beforeAll(async () => {
    tmp = createTempDatabase();
    backend = await startEchoBackend();
    insertApi(tmp.db, { id: "echo", path: "echo", serviceUrl: backend.url() });
    insertApi(tmp.db, { id: "counted", path: "counted", serviceUrl: backend.url() });
    insertApi(tmp.db, { id: "limited", path: "limited", serviceUrl: backend.url() });
    tmp.db
      .insert(policies)
      .values({ scope: "api", scopeId: "limited", value: inbound(`<rate-limit-by-key calls="30" renewal-period="60" counter-key="@(context.Request.IpAddress)" />`) })
      .run();
    gateway = await startGateway(tmp.file, { GATEWAY_METRICS_FLUSH_MS: "200" }, { workers: 2 });
    // Three processes and three database threads load the gateway: long on a busy machine.
  }, 180_000);

  afterAll(async () => {
    for (const client of clients) client.terminate();
    await gateway?.stop("SIGKILL");
    await backend?.close();
    tmp?.cleanup();
  });

  /** Closes the test's clients and waits until the gateway holds no connection. */
  async function closeAll(opened: WebSocket[]): Promise<void> {
    await Promise.all(opened.map((c) => (c.readyState === c.OPEN ? (c.close(), closeOf(c)) : undefined)));
    await workersHolding(gateway, 0);
  }

  it("is ready when both workers are, and spreads connections over both", async () => {
    const ready = await gatewayReadiness(gateway);
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe("ready");
    expect(ready.body.workers).toHaveLength(2);
    expect(ready.body.workers!.map((w) => w.ready)).toEqual([true, true]);
    expect(new Set(ready.body.workers!.map((w) => w.pid)).size).toBe(2);
    expect(ready.body.workers!.map((w) => w.pid)).not.toContain(gateway.proc.pid);

    const opened = await openClients(gateway, (i) => `/echo?spread=${i}`, 6);
    const workers = await workersHolding(gateway, 6);
    expect(workers.map((w) => w.connections)).toEqual([3, 3]);
    await closeAll(opened);
  });

  it("serves /metrics summed over both workers, exactly", async () => {
    // Client i sends i + 1 text messages of 10 bytes: 21 messages in all, over 6 connections on both workers.
    const opened = await openClients(gateway, (i) => `/counted?n=${i}`, 6);
    const workers = await workersHolding(gateway, 6);
    expect(workers.every((w) => w.connections > 0)).toBe(true);
    for (const [i, client] of opened.entries()) for (let m = 0; m <= i; m++) expect((await roundTrip(client, "0123456789")).data.toString()).toBe("0123456789");

    const samples = await scrapeGateway(gateway.adminPort);
    const api = { api: "counted", gateway: "managed" };
    expect(promValue(samples, "portcullis_websocket_connection_attempts_total", { ...api, state: "succeeded", code: "101" })).toBe(6);
    expect(promValue(samples, "portcullis_websocket_messages_total", { ...api, direction: "inbound" })).toBe(21);
    expect(promValue(samples, "portcullis_websocket_messages_total", { ...api, direction: "outbound" })).toBe(21);
    // Client frames are masked: 2 + 4 + 10 bytes in, 2 + 10 out.
    expect(promValue(samples, "portcullis_websocket_bytes_total", { ...api, direction: "inbound" })).toBe(21 * 16);
    expect(promValue(samples, "portcullis_websocket_bytes_total", { ...api, direction: "outbound" })).toBe(21 * 12);
    expect(promValue(samples, "portcullis_websocket_active_connections", api)).toBe(6);
    expect(promValue(samples, "portcullis_handshake_duration_seconds_count", api)).toBe(6);
    expect(promValue(samples, "portcullis_handshake_duration_seconds_bucket", { ...api, le: "+Inf" })).toBe(6);
    await closeAll(opened);
    const after = await scrapeGateway(gateway.adminPort);
    expect(promValue(after, "portcullis_websocket_active_connections", api)).toBe(0);
  });

  it("writes one per-minute row per minute for the whole gateway: attempts and messages of both workers, their connections added", async () => {
    const rows = await waitFor(() => {
      const found = tmp.db.select().from(metricsMinute).where(eq(metricsMinute.apiId, "counted")).all();
      const messages = found.reduce((n, r) => n + r.messagesInbound, 0);
      return messages === 21 && found.at(-1)!.activeConnectionsLast === 0 ? found : null;
    });
    expect(rows.reduce((n, r) => n + r.attemptsSucceeded, 0)).toBe(6);
    expect(rows.reduce((n, r) => n + r.messagesOutbound, 0)).toBe(21);
    // 21 messages of 16 bytes, then each client's Close without a code (2 + 4 bytes).
    expect(rows.reduce((n, r) => n + r.bytesInbound, 0)).toBe(21 * 16 + 6 * 6);
    // 3 open on each worker at once: the gateway's peak is 6, not one worker's 3.
    expect(Math.max(...rows.map((r) => r.activeConnectionsPeak))).toBe(6);
    expect(new Set(rows.map((r) => r.minute)).size).toBe(rows.length);
  });

  it("lets exactly 30 of 90 concurrent handshakes through rate-limit-by-key calls=30, admitted by both workers", async () => {
    const answers = await Promise.all(Array.from({ length: 90 }, (_, i) => attemptHandshake(gateway.url(`/limited?n=${i}`))));
    try {
      expect(answers.filter((a) => a.status === 101)).toHaveLength(30);
      expect(answers.filter((a) => a.status === 429)).toHaveLength(60);
      // Both workers hold some of the 30: with a counter per worker each would have let 30 through.
      const workers = await workersHolding(gateway, 30);
      expect(workers.every((w) => w.connections > 0)).toBe(true);
    } finally {
      for (const a of answers) a.socket?.destroy();
    }
    await workersHolding(gateway, 0);
  });

  it("applies a configuration change on both workers", async () => {
    insertApi(tmp.db, { id: "late", path: "late", serviceUrl: backend.url() });
    const revision = (tmp.db.$client.prepare("SELECT revision FROM config_revision WHERE id = 1").get() as { revision: number }).revision;
    const workers = await waitFor(async () => {
      const health = await gatewayHealth(gateway);
      return health.workers?.every((w) => w.configRevision === revision) ? health.workers : null;
    });
    expect(workers).toHaveLength(2);
    const opened = await openClients(gateway, (i) => `/late?n=${i}`, 4);
    expect((await workersHolding(gateway, 4)).map((w) => w.connections)).toEqual([2, 2]);
    await closeAll(opened);
  });

  it("closes a requested connection on whichever worker holds it, and marks a request for no open connection notFound", async () => {
    const opened = await openClients(gateway, (i) => `/echo?close=${i}`, 4);
    expect((await workersHolding(gateway, 4)).every((w) => w.connections > 0)).toBe(true);
    const closes = opened.map(closeOf);
    const requests = [];
    for (let i = 0; i < 4; i++) {
      const row = await waitForLogRow(tmp.db, `/echo?close=${i}`);
      requests.push({ id: randomUUID(), logId: row.id, gatewayId: "managed", reason: `closed by test ${i}`, requestedBy: "test", requestedAt: new Date() });
    }
    const missing = { id: randomUUID(), logId: randomUUID(), gatewayId: "managed", reason: "gone", requestedBy: "test", requestedAt: new Date() };
    tmp.db.insert(connectionCloseRequests).values([...requests, missing]).run();
    expect(await Promise.all(closes)).toEqual([0, 1, 2, 3].map((i) => ({ code: 1008, reason: `closed by test ${i}` })));
    const outcomes = await waitFor(() => {
      const rows = tmp.db.select().from(connectionCloseRequests).all();
      return rows.every((r) => r.outcome !== null) ? new Map(rows.map((r) => [r.id, r.outcome])) : null;
    });
    expect(outcomes).toEqual(new Map([...requests.map((r) => [r.id, "closed"] as const), [missing.id, "notFound"]]));
  });

  it("replaces a worker killed with SIGKILL, and the other worker's connections keep going", async () => {
    const opened = await openClients(gateway, (i) => `/echo?kill=${i}`, 8);
    clients.push(...opened);
    const [victim, survivor] = await workersHolding(gateway, 8);
    expect(victim!.connections).toBe(4);
    const closedBefore: number[] = [];
    opened.forEach((c, i) => c.once("close", () => closedBefore.push(i)));

    process.kill(victim!.pid, "SIGKILL");
    await waitFor(() => closedBefore.length === victim!.connections);
    const kept = opened.filter((_c, i) => !closedBefore.includes(i));
    expect(kept).toHaveLength(survivor!.connections);
    for (const [i, client] of kept.entries()) expect((await roundTrip(client, `still ${i}`)).data.toString()).toBe(`still ${i}`);

    const ready = await waitFor(async () => {
      const r = await gatewayReadiness(gateway);
      return r.status === 200 && r.body.workers?.length === 2 ? r.body : null;
      // A replacement loads the whole gateway: seconds, tens of them on a busy machine.
    }, 100_000).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${gateway.lines.slice(-10).join("\n")}`);
    });
    const pids = ready.workers!.map((w) => w.pid);
    expect(pids).toContain(survivor!.pid);
    expect(pids).not.toContain(victim!.pid);
    expect(gateway.lines.some((l) => l.includes('"gateway worker died: replacing it"') && l.includes(`"pid":${victim!.pid}`) && l.includes('"signal":"SIGKILL"'))).toBe(true);
    // The survivors were never interrupted, and new connections reach both workers again.
    for (const [i, client] of kept.entries()) expect((await roundTrip(client, `after ${i}`)).data.toString()).toBe(`after ${i}`);
    expect(closedBefore).toHaveLength(victim!.connections);
    const fresh = await openClients(gateway, (i) => `/echo?fresh=${i}`, 4);
    clients.push(...fresh);
    const now = await workersHolding(gateway, kept.length + 4);
    expect(now.every((w) => w.connections > 0)).toBe(true);
  }, 150_000);
});

describe("SIGTERM to a gateway with 2 workers", () => {
  let tmp: TempDatabase;
  let backend: EchoBackend;
  let gateway: GatewayProcess;

  beforeAll(async () => {
    tmp = createTempDatabase();
    backend = await startEchoBackend();
    insertApi(tmp.db, { id: "echo", path: "echo", serviceUrl: backend.url() });
    gateway = await startGateway(tmp.file, { GATEWAY_DRAIN_SECONDS: "0.3" }, { workers: 2 });
  }, 180_000);

  afterAll(async () => {
    await gateway?.stop("SIGKILL");
    await backend?.close();
    tmp?.cleanup();
  });

  it("drains both workers: every client gets 1001, and the gateway exits 0", async () => {
    const opened = await openClients(gateway, (i) => `/echo?drain=${i}`, 6);
    expect((await workersHolding(gateway, 6)).map((w) => w.connections)).toEqual([3, 3]);
    const closes = opened.map(closeOf);
    const code = await gateway.stop("SIGTERM");
    expect(await Promise.all(closes)).toEqual(opened.map(() => ({ code: 1001, reason: "Gateway shutting down" })));
    expect(code).toBe(0);
    expect(gateway.lines.filter((l) => l.includes('"gateway worker exited"') && l.includes('"code":0'))).toHaveLength(2);
  });
});
