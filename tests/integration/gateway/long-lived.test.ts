import net from "node:net";
import { describe, expect, it } from "vitest";
import { useEchoStack } from "../../helpers/echo-stack";
import WebSocket from "ws";

// Short handshake limits: they must bound the handshake only, never an open connection.
const stack = useEchoStack({ GATEWAY_HANDSHAKE_TIMEOUT_MS: "500", GATEWAY_BACKEND_TIMEOUT_MS: "500" });

describe("an open connection", () => {
  it("outlives the handshake timeouts while idle", async () => {
    const ws = new WebSocket(stack.gateway.url("/echo"));
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
    const socket = net.connect(stack.gateway.port, "127.0.0.1");
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
