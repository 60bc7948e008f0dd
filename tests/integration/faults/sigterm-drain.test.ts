import { createHash } from "node:crypto";
import http, { type IncomingMessage } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type WebSocket from "ws";
import { gatewayLogs } from "@/db/schema/index";
import { startEchoBackend, type EchoBackend } from "@/tests/helpers/echo-backend";
import { startGateway, waitFor, type GatewayProcess } from "@/tests/helpers/gateway-process";
import { attemptHandshake, closeOf, openClient, roundTrip } from "@/tests/helpers/handshake-client";
import { createTempDatabase, insertApi, type TempDatabase } from "@/tests/helpers/temp-db";

const DRAIN_MS = 500;
const OPEN_CLIENTS = 20;
const BIG = 1024 * 1024;
const CHUNK = 32 * 1024;
const CHUNK_EVERY_MS = 50; // 32 chunks: the big frame takes ~1.6 s, well past the drain period

/**
 * A hand-written backend that, once told to, sends one 1 MiB binary frame a chunk at a time,
 * so the frame is still on the wire when the gateway wants to close.
 */
async function startSlowBackend() {
  const sockets: Socket[] = [];
  const server = http.createServer((_req, res) => res.writeHead(426).end());
  server.on("upgrade", (req: IncomingMessage, socket: Socket) => {
    const accept = createHash("sha1").update(`${req.headers["sec-websocket-key"]}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest("base64");
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    socket.on("error", () => {});
    sockets.push(socket);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: (server.address() as AddressInfo).port,
    sockets,
    /** Streams the frame; resolves with when the last byte was written and when the gateway's first bytes (its Close) arrived. */
    sendBigFrame: async (socket: Socket, payload: Buffer) => {
      let firstBytesFromGatewayAt = 0;
      socket.once("data", () => (firstBytesFromGatewayAt = performance.now()));
      const header = Buffer.alloc(10);
      header[0] = 0x82;
      header[1] = 127;
      header.writeBigUInt64BE(BigInt(payload.length), 2);
      socket.write(header);
      for (let offset = 0; offset < payload.length; offset += CHUNK) {
        socket.write(payload.subarray(offset, offset + CHUNK));
        await new Promise((r) => setTimeout(r, CHUNK_EVERY_MS));
      }
      const lastByteAt = performance.now();
      // Answer the gateway's Close (1001) and end, as a server does.
      socket.end(Buffer.from([0x88, 0x02, 0x03, 0xe9]));
      return { lastByteAt, firstBytesFromGatewayAt };
    },
    close: () =>
      new Promise<void>((r) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => r());
      }),
  };
}

describe("SIGTERM", () => {
  let temp: TempDatabase;
  let gateway: GatewayProcess;
  let echo: EchoBackend;
  let slow: Awaited<ReturnType<typeof startSlowBackend>>;
  const clients: WebSocket[] = [];

  beforeAll(async () => {
    temp = createTempDatabase();
    echo = await startEchoBackend();
    slow = await startSlowBackend();
    insertApi(temp.db, { id: "echo", path: "echo", serviceUrl: echo.url() });
    insertApi(temp.db, { id: "slow", path: "slow", serviceUrl: `ws://127.0.0.1:${slow.port}` });
    gateway = await startGateway(temp.file, { GATEWAY_DRAIN_SECONDS: String(DRAIN_MS / 1000), GATEWAY_CLOSE_TIMEOUT_MS: "3000" });
  });

  afterAll(async () => {
    for (const client of clients) client.terminate();
    await gateway?.stop("SIGKILL");
    await echo?.close();
    await slow?.close();
    temp?.cleanup();
  });

  it("closes open connections with 1001 after the drain period, after a frame in flight, refuses new ones and exits 0", async () => {
    for (let i = 0; i < OPEN_CLIENTS; i++) clients.push(await openClient(gateway.url(`/echo?n=${i}`)));
    await Promise.all(clients.map((client) => roundTrip(client, "hi")));
    const closes = clients.map(closeOf);
    const bigClient = await openClient(gateway.url("/slow"));
    const errors: Error[] = [];
    bigClient.on("error", (error) => errors.push(error));
    const bigMessages: Buffer[] = [];
    bigClient.on("message", (data) => bigMessages.push(data as Buffer));
    const bigClose = closeOf(bigClient);
    await waitFor(() => slow.sockets.length === 1);
    const payload = Buffer.alloc(BIG);
    for (let i = 0; i < BIG; i++) payload[i] = (i * 31) & 0xff;

    const sending = slow.sendBigFrame(slow.sockets[0]!, payload);
    const signalledAt = performance.now();
    gateway.proc.kill("SIGTERM");

    // Draining: the listener is closed (or answers 503) and the gateway says it is not ready.
    await waitFor(() => gateway.lines.some((line) => line.includes('"gateway draining"')), 2000);
    const refused = await attemptHandshake(gateway.url("/echo?late")).then(
      (answer) => `HTTP ${answer.status}`,
      (error: NodeJS.ErrnoException) => error.code,
    );
    expect(["ECONNREFUSED", "HTTP 503"]).toContain(refused);
    expect((await fetch(`http://127.0.0.1:${gateway.adminPort}/readyz`)).status).toBe(503);

    const results = await Promise.all(closes);
    const closedAfter = performance.now() - signalledAt;
    expect(results).toEqual(clients.map(() => ({ code: 1001, reason: "Gateway shutting down" })));
    expect(closedAfter).toBeGreaterThanOrEqual(DRAIN_MS - 50);

    // The big frame was still being written when the gateway closed its backend side...
    const { lastByteAt, firstBytesFromGatewayAt } = await sending;
    expect(firstBytesFromGatewayAt).toBeGreaterThan(0);
    expect(firstBytesFromGatewayAt).toBeLessThan(lastByteAt);
    // ...yet the client got it whole, then the Close: no frame was cut (a cut one would make
    // the client fail the connection with a protocol error instead).
    expect(await bigClose).toEqual({ code: 1001, reason: "Gateway shutting down" });
    expect(errors).toEqual([]);
    expect(bigMessages.map((m) => m.length)).toEqual([BIG]);
    expect(bigMessages[0]!.equals(payload)).toBe(true);

    expect(await gateway.exited).toBe(0);
    const rows = temp.db.select().from(gatewayLogs).all();
    expect(rows.filter((r) => r.apiId === "echo" && r.responseCode === 101)).toHaveLength(OPEN_CLIENTS);
    for (const row of rows.filter((r) => r.responseCode === 101)) expect(row).toMatchObject({ closeCode: 1001, closedBy: "gateway" });
  });
});
