/**
 * Another process holds the SQLite write lock (`BEGIN IMMEDIATE`) for 20 s: the gateway's
 * relay and handshakes go on untouched (every database access is on its database thread), the
 * log rows of that time wait in the bounded queue, and every one is written once the lock is
 * released: none dropped, exact counts.
 */
import Database from "better-sqlite3";
import { fork, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type WebSocket from "ws";
import { startGateway, waitFor, type GatewayProcess } from "../../helpers/gateway-process";
import { openClient, roundTrip } from "../../helpers/handshake-client";
import { createTempDatabase, insertApi, type TempDatabase } from "../../helpers/temp-db";

const LOCK_MS = 20_000;
const CONNECTIONS = 50;
/** Rounds measured before the lock: what this machine's echo latency is without it. */
const BASELINE_MS = 5000;
/** One message on every connection per round. */
const ROUND_MS = 250;

let tmp: TempDatabase;
let backend: ChildProcess;
let gateway: GatewayProcess;

beforeAll(async () => {
  tmp = createTempDatabase();
  // The benchmark's raw echo server, in its own process: the test process only measures.
  backend = fork(resolve(import.meta.dirname, "../../bench/echo-server.ts"), [], { execArgv: ["--import", "tsx"] });
  const port = await new Promise<number>((r) => backend.once("message", (m: { port: number }) => r(m.port)));
  insertApi(tmp.db, { id: "echo", path: "echo", serviceUrl: `ws://127.0.0.1:${port}` });
  gateway = await startGateway(tmp.file, { GATEWAY_METRICS_FLUSH_MS: "200", GATEWAY_HEARTBEAT_MS: "200" });
});

afterAll(async () => {
  await gateway?.stop();
  backend?.disconnect();
  tmp?.cleanup();
});

function count(sql: string): number {
  return (tmp.db.$client.prepare(sql).get() as { n: number }).n;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

async function readyz(): Promise<Record<string, unknown>> {
  return (await (await fetch(`http://127.0.0.1:${gateway.adminPort}/readyz`)).json()) as Record<string, unknown>;
}

describe("a database write lock held by another process", () => {
  it("keeps relaying and handshaking for 20 s, then writes every log row of that time", async () => {
    const sockets: WebSocket[] = [];
    for (let c = 0; c < CONNECTIONS; c++) sockets.push(await openClient(gateway.url(`/echo?c=${c}`)));
    await waitFor(() => count("SELECT COUNT(*) n FROM gateway_logs") === CONNECTIONS, 10_000);

    let rounds = 0;
    let churned = 0;
    /** Rounds of one message on every connection for `ms`, a new connection every fourth round; echo and handshake times. */
    const exercise = async (ms: number, during?: (round: number) => Promise<void>) => {
      const echoMs: number[] = [];
      const handshakeMs: number[] = [];
      const started = performance.now();
      for (let round = 1; performance.now() - started < ms; round++) {
        const roundStarted = performance.now();
        const r = rounds;
        await Promise.all(
          sockets.map(async (ws, c) => {
            const sent = performance.now();
            const echo = await roundTrip(ws, `r${r}c${c}`);
            echoMs.push(performance.now() - sent);
            expect(echo.data.toString()).toBe(`r${r}c${c}`);
          }),
        );
        rounds++;
        // Its insert and its completion both wait for the lock.
        if (round % 4 === 0) {
          const opening = performance.now();
          const ws = await openClient(gateway.url(`/echo?churn=${churned}`));
          handshakeMs.push(performance.now() - opening);
          await roundTrip(ws, "hello");
          const closed = new Promise((r) => ws.once("close", r));
          ws.close(1000);
          await closed;
          churned++;
        }
        await during?.(round);
        await new Promise((r) => setTimeout(r, Math.max(0, ROUND_MS - (performance.now() - roundStarted))));
      }
      return { echoMs, handshakeMs };
    };

    const baseline = await exercise(BASELINE_MS);
    const churnedBefore = churned;
    await waitFor(() => count("SELECT COUNT(*) n FROM gateway_logs WHERE closed_at IS NOT NULL") === churned, 10_000);

    const locker = new Database(tmp.file);
    locker.pragma("busy_timeout = 5000");
    locker.exec("BEGIN IMMEDIATE");
    let during: Record<string, unknown> = {};
    let locked: { echoMs: number[]; handshakeMs: number[] };
    try {
      locked = await exercise(LOCK_MS, async (round) => {
        if (round === 40) during = await readyz();
      });
      // Nothing reached the file while it was locked.
      expect(count("SELECT COUNT(*) n FROM gateway_logs")).toBe(CONNECTIONS + churnedBefore);
    } finally {
      locker.exec("COMMIT");
      locker.close();
    }
    const { echoMs, handshakeMs } = locked;

    console.log(
      `echoes before the lock: p50 ${percentile(baseline.echoMs, 0.5).toFixed(1)} ms, p99 ${percentile(baseline.echoMs, 0.99).toFixed(1)} ms; ` +
      `during the lock: ${echoMs.length}, p50 ${percentile(echoMs, 0.5).toFixed(1)} ms, p99 ${percentile(echoMs, 0.99).toFixed(1)} ms, ` +
        `max ${Math.max(...echoMs).toFixed(1)} ms; handshakes: ${handshakeMs.length}, max ${Math.max(...handshakeMs).toFixed(1)} ms`,
    );
    expect(handshakeMs.length).toBeGreaterThanOrEqual(10);
    // The rows of the lock's time were held, not dropped, and the writer said why it waited.
    expect(during).toMatchObject({ status: "ready", logRowsDropped: 0 });
    expect(during.logRowsPending).toBeGreaterThanOrEqual(1);
    expect(String(during.telemetryError)).toContain("database is locked");

    await Promise.all(
      sockets.map((ws) => {
        const closed = new Promise((r) => ws.once("close", r));
        ws.close(1000);
        return closed;
      }),
    );
    const total = CONNECTIONS + churned;
    await waitFor(() => count("SELECT COUNT(*) n FROM gateway_logs WHERE closed_at IS NOT NULL") === total, 15_000);
    expect(count("SELECT COUNT(*) n FROM gateway_logs")).toBe(total);
    expect(count(`SELECT COUNT(*) n FROM gateway_logs WHERE url LIKE '/echo?c=%' AND close_code = 1000 AND messages_inbound = ${rounds} AND messages_outbound = ${rounds}`)).toBe(CONNECTIONS);
    expect(count("SELECT COUNT(*) n FROM gateway_logs WHERE url LIKE '/echo?churn=%' AND close_code = 1000 AND messages_inbound = 1")).toBe(churned);
    expect(await readyz()).toMatchObject({ status: "ready", logRowsPending: 0, logRowsDropped: 0 });
    expect(await readyz()).not.toHaveProperty("telemetryError");
    // The per-minute rows of the lock's time were kept too: every echo is counted.
    await waitFor(() => count("SELECT COALESCE(SUM(messages_outbound), 0) n FROM metrics_minute WHERE api_id = 'echo'") === CONNECTIONS * rounds + churned, 5000);

    // The relay never waited on the lock: echoes within 100 ms at p99, or no slower than this
    // machine managed without the lock (a shared CI machine), and none near the 5 s busy timeout
    // (before the database thread: no message for 14 s, handshakes up to 20 s).
    expect(percentile(echoMs, 0.99)).toBeLessThan(Math.max(100, 2 * percentile(baseline.echoMs, 0.99)));
    expect(Math.max(...echoMs)).toBeLessThan(1000);
    expect(Math.max(...handshakeMs)).toBeLessThan(1000);
  }, 120_000);
});
