/**
 * The log queue overflows (GATEWAY_LOG_QUEUE_MAX=5, no flush during the test): proxying goes
 * on untouched, and every dropped row is counted exactly, on /readyz, in Prometheus and in
 * the per-minute rows.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { gatewayLogs } from "@/db/schema/index";
import { startEchoBackend, type EchoBackend } from "../../helpers/echo-backend";
import { startGateway, waitFor, type GatewayProcess } from "../../helpers/gateway-process";
import { promValue, scrapeGateway } from "../../helpers/prometheus-text";
import { createTempDatabase, insertApi, type TempDatabase } from "../../helpers/temp-db";

const QUEUE_MAX = 5;
const CONNECTIONS = 20;
const MESSAGES = 50;

let tmp: TempDatabase;
let backend: EchoBackend;
let gateway: GatewayProcess;

beforeAll(async () => {
  tmp = createTempDatabase();
  backend = await startEchoBackend();
  insertApi(tmp.db, { id: "echo", path: "echo", serviceUrl: backend.url() });
  gateway = await startGateway(tmp.file, {
    GATEWAY_LOG_QUEUE_MAX: String(QUEUE_MAX),
    // The queue is only written at shutdown: it stays full for the whole test.
    GATEWAY_LOG_FLUSH_MS: "3600000",
    GATEWAY_METRICS_FLUSH_MS: "100",
  });
});

afterAll(async () => {
  await gateway?.stop();
  await backend?.close();
  tmp?.cleanup();
});

describe("log queue overflow", () => {
  it("keeps proxying and counts every dropped row", async () => {
    const started = performance.now();
    const sockets: WebSocket[] = [];
    for (let c = 0; c < CONNECTIONS; c++) {
      const ws = new WebSocket(gateway.url(`/echo?c=${c}`));
      await new Promise((r, j) => {
        ws.once("open", r);
        ws.once("error", j);
      });
      sockets.push(ws);
    }
    // Every connection relays all its messages while the queue is full.
    await Promise.all(
      sockets.map(async (ws) => {
        let got = 0;
        const all = new Promise<void>((r) => ws.on("message", () => ++got === MESSAGES && r()));
        for (let i = 0; i < MESSAGES; i++) ws.send(`m${i}`);
        await all;
      }),
    );
    await Promise.all(
      sockets.map((ws) => {
        const closed = new Promise((r) => ws.once("close", r));
        ws.close(1000);
        return closed;
      }),
    );
    // Nothing waited on the database: 20 handshakes and 2,000 echoes take well under the 10 s a blocked writer would add.
    expect(performance.now() - started).toBeLessThan(10_000);

    // The first 5 attempts filled the queue; the other 15 were dropped when decided and again when closed.
    const droppedRows = 2 * (CONNECTIONS - QUEUE_MAX);
    const ready = await (await fetch(`http://127.0.0.1:${gateway.adminPort}/readyz`)).json();
    expect(ready).toMatchObject({ status: "ready", logRowsPending: QUEUE_MAX, logRowsDropped: droppedRows });
    const samples = await scrapeGateway(gateway.adminPort);
    expect(promValue(samples, "portcullis_gateway_log_rows_dropped_total", { api: "echo", gateway: "managed" })).toBe(droppedRows);
    expect(promValue(samples, "portcullis_gateway_log_rows_pending", { gateway: "managed" })).toBe(QUEUE_MAX);
    expect(promValue(samples, "portcullis_websocket_messages_total", { api: "echo", gateway: "managed", direction: "outbound" })).toBe(CONNECTIONS * MESSAGES);
    const perMinute = await waitFor(() => {
      const row = tmp.db.$client.prepare("SELECT SUM(log_rows_dropped) dropped, SUM(messages_outbound) messages FROM metrics_minute WHERE api_id = 'echo'").get() as { dropped: number; messages: number };
      return row.messages === CONNECTIONS * MESSAGES && row.dropped === droppedRows ? row : null;
    });
    expect(perMinute).toEqual({ dropped: droppedRows, messages: CONNECTIONS * MESSAGES });
    expect(tmp.db.select().from(gatewayLogs).all()).toHaveLength(0);

    // At shutdown the queued rows are written, completed with their close.
    expect(await gateway.stop()).toBe(0);
    const rows = tmp.db.select().from(gatewayLogs).all();
    expect(rows.map((r) => r.url).sort()).toEqual(["/echo?c=0", "/echo?c=1", "/echo?c=2", "/echo?c=3", "/echo?c=4"]);
    expect(rows.every((r) => r.closeCode === 1000 && r.messagesOutbound === MESSAGES)).toBe(true);
  });
});
