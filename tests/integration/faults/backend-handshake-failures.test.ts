import http from "node:http";
import net, { type AddressInfo, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "@/tests/helpers/free-port";
import { startGateway, waitFor, type GatewayProcess } from "@/tests/helpers/gateway-process";
import { waitForLogRow } from "@/tests/helpers/gateway-logs";
import { attemptHandshake } from "@/tests/helpers/handshake-client";
import { createTempDatabase, insertApi, type TempDatabase } from "@/tests/helpers/temp-db";

const BACKEND_TIMEOUT_MS = 500;

describe("a backend that cannot take the handshake", () => {
  let temp: TempDatabase;
  let gateway: GatewayProcess;
  let refusing: http.Server;
  let silent: net.Server;
  const silentSockets: Socket[] = [];
  /** Answers by the request's `case`: half a response head then a reset, or a 101 with a wrong accept. */
  let scripted: net.Server;

  beforeAll(async () => {
    temp = createTempDatabase();
    // A port nobody listens on: bound, then released.
    const closedPort = await freePort();

    refusing = http.createServer((_req, res) => res.writeHead(500).end("plain request"));
    refusing.on("upgrade", (_req, socket: Socket) => {
      socket.end("HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain\r\nContent-Length: 4\r\nConnection: close\r\n\r\noops");
    });
    await new Promise<void>((r) => refusing.listen(0, "127.0.0.1", r));

    // Accepts TCP connections, reads (and drops) the handshake and never says a word.
    silent = net.createServer((socket) => {
      silentSockets.push(socket);
      socket.on("error", () => {});
      socket.resume();
    });
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));

    scripted = net.createServer((socket) => {
      socket.on("error", () => {});
      let request = "";
      socket.on("data", (chunk: Buffer) => {
        request += chunk.toString("latin1");
        if (!request.includes("\r\n\r\n")) return;
        if (request.startsWith("GET /?case=reset ")) {
          socket.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: webs");
          setImmediate(() => socket.resetAndDestroy());
        } else {
          socket.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: bm90IHRoZSByaWdodCBrZXk=\r\n\r\n");
        }
      });
    });
    await new Promise<void>((r) => scripted.listen(0, "127.0.0.1", r));

    insertApi(temp.db, { id: "scripted", path: "scripted", serviceUrl: `ws://127.0.0.1:${(scripted.address() as AddressInfo).port}` });
    insertApi(temp.db, { id: "down", path: "down", serviceUrl: `ws://127.0.0.1:${closedPort}` });
    insertApi(temp.db, { id: "refusing", path: "refusing", serviceUrl: `ws://127.0.0.1:${(refusing.address() as AddressInfo).port}` });
    insertApi(temp.db, { id: "silent", path: "silent", serviceUrl: `ws://127.0.0.1:${(silent.address() as AddressInfo).port}` });
    gateway = await startGateway(temp.file, { GATEWAY_BACKEND_TIMEOUT_MS: String(BACKEND_TIMEOUT_MS) });
  });

  afterAll(async () => {
    await gateway?.stop();
    for (const socket of silentSockets) socket.destroy();
    await new Promise((r) => refusing?.close(r));
    await new Promise((r) => silent?.close(r));
    await new Promise((r) => scripted?.close(r));
    temp?.cleanup();
  });

  it("answers 502 within a second when the backend port is closed, and logs the refused connection", async () => {
    const answer = await attemptHandshake(gateway.url("/down?case=closed-port"));

    expect(answer.status).toBe(502);
    expect(answer.elapsedMs).toBeLessThan(1000);
    expect(answer.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(JSON.parse(answer.body)).toEqual({ statusCode: 502, message: "Backend connection refused." });
    const row = await waitForLogRow(temp.db, "/down?case=closed-port");
    expect(row).toMatchObject({
      apiId: "down",
      responseCode: 502,
      backendResponseCode: null,
      lastErrorReason: "BackendConnectionFailed",
      lastErrorMessage: "Backend connection refused.",
      lastErrorSource: "backend",
    });
  });

  it("answers 502 when the backend refuses the handshake with 500, and logs the backend's code", async () => {
    const answer = await attemptHandshake(gateway.url("/refusing?case=500"));

    expect(answer.status).toBe(502);
    // The backend's own body never reaches the client.
    expect(JSON.parse(answer.body)).toEqual({ statusCode: 502, message: "Backend refused the WebSocket handshake with 500." });
    const row = await waitForLogRow(temp.db, "/refusing?case=500");
    expect(row).toMatchObject({ apiId: "refusing", responseCode: 502, backendResponseCode: 500, lastErrorReason: "BackendRefused" });
  });

  it("answers 504 when the backend accepts TCP but never answers, and lets go of the backend socket", async () => {
    const answer = await attemptHandshake(gateway.url("/silent?case=timeout"));

    expect(answer.status).toBe(504);
    expect(answer.elapsedMs).toBeGreaterThanOrEqual(BACKEND_TIMEOUT_MS - 50);
    expect(answer.elapsedMs).toBeLessThan(BACKEND_TIMEOUT_MS + 1000);
    expect(JSON.parse(answer.body)).toEqual({ statusCode: 504, message: "Backend did not answer the WebSocket handshake in time." });
    const row = await waitForLogRow(temp.db, "/silent?case=timeout");
    expect(row).toMatchObject({ apiId: "silent", responseCode: 504, lastErrorReason: "BackendTimeout", lastErrorSource: "backend" });
    // The gateway gave up on the backend connection rather than leaving it open.
    expect(silentSockets).toHaveLength(1);
    await waitFor(() => silentSockets[0]!.closed, 1000);
  });

  it("answers 502 when the backend resets the connection in the middle of its response head", async () => {
    const answer = await attemptHandshake(gateway.url("/scripted?case=reset"));

    expect(answer.status).toBe(502);
    expect(JSON.parse(answer.body)).toEqual({ statusCode: 502, message: "Backend connection reset during the handshake." });
    const row = await waitForLogRow(temp.db, "/scripted?case=reset");
    expect(row).toMatchObject({ apiId: "scripted", responseCode: 502, lastErrorReason: "BackendConnectionFailed", lastErrorSource: "backend" });
  });

  it("answers 502 when the backend's 101 carries the wrong Sec-WebSocket-Accept", async () => {
    const answer = await attemptHandshake(gateway.url("/scripted?case=bad-accept"));

    expect(answer.status).toBe(502);
    expect(JSON.parse(answer.body)).toEqual({ statusCode: 502, message: "Backend sent an invalid 'Sec-WebSocket-Accept'." });
    const row = await waitForLogRow(temp.db, "/scripted?case=bad-accept");
    expect(row).toMatchObject({ apiId: "scripted", responseCode: 502, backendResponseCode: 101, lastErrorReason: "BackendRefused" });
  });
});
