import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEchoBackend, type EchoBackend } from "@/tests/helpers/echo-backend";
import { gatewayHealth } from "@/tests/helpers/gateway-health";
import { startGateway, waitFor, type GatewayProcess } from "@/tests/helpers/gateway-process";
import { waitForLogRow } from "@/tests/helpers/gateway-logs";
import { attemptHandshake, closeOf, openClient } from "@/tests/helpers/handshake-client";
import { createTempDatabase, insertApi, type TempDatabase } from "@/tests/helpers/temp-db";

const MAX_HEADER_BYTES = 4096;

describe("gateway limits and refusals", () => {
  let temp: TempDatabase;
  let gateway: GatewayProcess;
  let backend: EchoBackend;

  beforeAll(async () => {
    temp = createTempDatabase();
    backend = await startEchoBackend();
    insertApi(temp.db, { id: "echo", path: "echo", serviceUrl: backend.url() });
    gateway = await startGateway(temp.file, { GATEWAY_MAX_CONNECTIONS: "2", GATEWAY_MAX_HEADER_BYTES: String(MAX_HEADER_BYTES) });
  });

  afterAll(async () => {
    await gateway?.stop();
    await backend?.close();
    temp?.cleanup();
  });

  it("answers 503 to the handshake past GATEWAY_MAX_CONNECTIONS, and accepts again once one closes", async () => {
    const first = await openClient(gateway.url("/echo?n=1"));
    const second = await openClient(gateway.url("/echo?n=2"));

    const third = await attemptHandshake(gateway.url("/echo?n=3"));

    expect(third.status).toBe(503);
    expect(JSON.parse(third.body)).toEqual({ statusCode: 503, message: "The gateway has reached its connection limit. Try again later." });
    expect(await waitForLogRow(temp.db, "/echo?n=3")).toMatchObject({ responseCode: 503, lastErrorReason: "TooManyConnections" });
    expect(backend.requests).toHaveLength(2); // the refused one never reached the backend
    const closed = closeOf(first);
    first.close(1000);
    await closed;
    await waitFor(async () => (await gatewayHealth(gateway)).connections === 1);
    const fourth = await attemptHandshake(gateway.url("/echo?n=4"));
    expect(fourth.status).toBe(101);
    fourth.socket!.destroy();
    second.close();
  });

  it(`answers 431 to a request header block over GATEWAY_MAX_HEADER_BYTES (${MAX_HEADER_BYTES})`, async () => {
    const answer = await attemptHandshake(gateway.url("/echo?big"), { "X-Padding": "a".repeat(MAX_HEADER_BYTES + 100) });

    expect(answer.status).toBe(431);
    expect(JSON.parse(answer.body)).toEqual({ statusCode: 431, message: "Request header fields too large." });
  });

  it("accepts a header block just under the limit", async () => {
    const answer = await attemptHandshake(gateway.url("/echo?almost"), { "X-Padding": "a".repeat(MAX_HEADER_BYTES - 400) });

    expect(answer.status).toBe(101);
    answer.socket!.destroy();
  });

  it("answers 400 with a JSON body to a plain GET on an API path", async () => {
    const response = await fetch(`http://127.0.0.1:${gateway.port}/echo/some/thing`);

    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(await response.json()).toEqual({
      statusCode: 400,
      message: "This is a WebSocket API: send a WebSocket upgrade request (GET with 'Upgrade: websocket').",
    });
  });

  it("answers 404 'Resource not found' to an unknown path, upgrade or not", async () => {
    const upgrade = await attemptHandshake(gateway.url("/nowhere"));
    const plain = await fetch(`http://127.0.0.1:${gateway.port}/nowhere`);

    expect(upgrade.status).toBe(404);
    expect(upgrade.body).toBe('{"statusCode":404,"message":"Resource not found"}');
    expect(plain.status).toBe(404);
    expect(await plain.text()).toBe('{"statusCode":404,"message":"Resource not found"}');
  });
});
