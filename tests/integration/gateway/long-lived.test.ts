import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { startEchoBackend, type EchoBackend } from "../../helpers/echo-backend";
import { startGateway, type GatewayProcess } from "../../helpers/gateway-process";
import { createTempDatabase, insertApi, type TempDatabase } from "../../helpers/temp-db";

let tmp: TempDatabase;
let backend: EchoBackend;
let gateway: GatewayProcess;

beforeAll(async () => {
  tmp = createTempDatabase();
  backend = await startEchoBackend();
  insertApi(tmp.db, { id: "echo", path: "echo", serviceUrl: backend.url() });
  // Short handshake limits: they must bound the handshake only, never an open connection.
  gateway = await startGateway(tmp.file, { GATEWAY_HANDSHAKE_TIMEOUT_MS: "500", GATEWAY_BACKEND_TIMEOUT_MS: "500" });
});

afterAll(async () => {
  await gateway?.stop();
  await backend?.close();
  tmp?.cleanup();
});

describe("an open connection", () => {
  it("outlives the handshake timeouts while idle", async () => {
    const ws = new WebSocket(gateway.url("/echo"));
    await new Promise((r) => ws.once("open", r));
    let closed = false;
    ws.on("close", () => (closed = true));
    await new Promise((r) => setTimeout(r, 2500));
    expect(closed).toBe(false);
    ws.send("still here");
    const reply = await new Promise<string>((r) => ws.once("message", (data) => r(data.toString())));
    expect(reply).toBe("still here");
    ws.close();
  });
});

describe("a slow handshake", () => {
  it("is answered 408 once the handshake timeout passes", async () => {
    const started = Date.now();
    const socket = net.connect(gateway.port, "127.0.0.1");
    socket.write("GET /echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"); // never finished
    let response = "";
    socket.on("data", (d) => (response += d.toString()));
    await new Promise((r) => socket.once("close", r));
    const elapsed = Date.now() - started;
    expect(response).toMatch(/^HTTP\/1\.1 408 /);
    expect(response.endsWith(JSON.stringify({ statusCode: 408, message: "The handshake request was not completed in time." }))).toBe(true);
    expect(elapsed).toBeGreaterThanOrEqual(450);
    expect(elapsed).toBeLessThan(2500);
  });
});
