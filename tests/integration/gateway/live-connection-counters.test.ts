/**
 * An open connection's messages and bytes so far reach its log row while it is open (the live
 * connections page reads them), through the real gateway process and its SQLite writer; the
 * row stays open (no close fields) until the connection ends.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { startEchoBackend, type EchoBackend } from "../../helpers/echo-backend";
import { waitForLogRow } from "../../helpers/gateway-logs";
import { startGateway, type GatewayProcess } from "../../helpers/gateway-process";
import { createTempDatabase, insertApi, type TempDatabase } from "../../helpers/temp-db";

let tmp: TempDatabase;
let backend: EchoBackend;
let gateway: GatewayProcess;

beforeAll(async () => {
  tmp = createTempDatabase();
  backend = await startEchoBackend();
  insertApi(tmp.db, { id: "echo", path: "echo", serviceUrl: backend.url() });
  gateway = await startGateway(tmp.file, { GATEWAY_METRICS_FLUSH_MS: "100" });
});

afterAll(async () => {
  await gateway?.stop();
  await backend?.close();
  tmp?.cleanup();
});

async function echo(ws: WebSocket, data: string): Promise<void> {
  const answered = new Promise((r) => ws.once("message", r));
  ws.send(data);
  await answered;
}

describe("live connection counters", () => {
  it("writes an open connection's messages and bytes so far into its log row, and the final ones at close", async () => {
    const ws = new WebSocket(gateway.url("/echo?live=1"));
    await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
    await echo(ws, "hello"); // 5 bytes: a masked frame of 2 + 4 + 5 = 11 inbound, 2 + 5 = 7 outbound
    await echo(ws, "world");
    const open = await waitForLogRow(tmp.db, "/echo?live=1", (row) => row.messagesInbound === 2);
    expect(open).toMatchObject({ closedAt: null, messagesInbound: 2, messagesOutbound: 2, bytesInbound: 22, bytesOutbound: 14 });

    await echo(ws, "again");
    const moved = await waitForLogRow(tmp.db, "/echo?live=1", (row) => row.messagesInbound === 3);
    expect(moved).toMatchObject({ closedAt: null, messagesOutbound: 3, bytesInbound: 33 });

    ws.close(1000, "done");
    const closed = await waitForLogRow(tmp.db, "/echo?live=1", (row) => row.closedAt !== null);
    expect(closed).toMatchObject({ closeCode: 1000, messagesInbound: 3, messagesOutbound: 3 });
  });
});
