import { describe, expect, it } from "vitest";
import { useEchoStack } from "@/tests/helpers/echo-stack";
import { gatewayHealth } from "@/tests/helpers/gateway-health";
import { waitFor } from "@/tests/helpers/gateway-process";
import { waitForLogRow } from "@/tests/helpers/gateway-logs";
import { attemptHandshake, closeOf, openClient } from "@/tests/helpers/handshake-client";

const MAX_HEADER_BYTES = 4096;

describe("gateway limits and refusals", () => {
  const stack = useEchoStack({ GATEWAY_MAX_CONNECTIONS: "2", GATEWAY_MAX_HEADER_BYTES: String(MAX_HEADER_BYTES) });

  it("answers 503 to the handshake past GATEWAY_MAX_CONNECTIONS, and accepts again once one closes", async () => {
    const first = await openClient(stack.gateway.url("/echo?n=1"));
    const second = await openClient(stack.gateway.url("/echo?n=2"));

    const third = await attemptHandshake(stack.gateway.url("/echo?n=3"));

    expect(third.status).toBe(503);
    expect(JSON.parse(third.body)).toEqual({ statusCode: 503, message: "The gateway has reached its connection limit. Try again later." });
    expect(await waitForLogRow(stack.temp.db, "/echo?n=3")).toMatchObject({ responseCode: 503, lastErrorReason: "TooManyConnections" });
    expect(stack.backend.requests).toHaveLength(2); // the refused one never reached the backend
    const closed = closeOf(first);
    first.close(1000);
    await closed;
    await waitFor(async () => (await gatewayHealth(stack.gateway)).connections === 1);
    const fourth = await attemptHandshake(stack.gateway.url("/echo?n=4"));
    expect(fourth.status).toBe(101);
    fourth.socket!.destroy();
    const secondClosed = closeOf(second);
    second.close();
    await secondClosed;
    // The next tests need the two slots free again: wait until the gateway has let go of both.
    await waitFor(async () => (await gatewayHealth(stack.gateway)).connections === 0);
  });

  it(`answers 431 to a request header block over GATEWAY_MAX_HEADER_BYTES (${MAX_HEADER_BYTES})`, async () => {
    const answer = await attemptHandshake(stack.gateway.url("/echo?big"), { "X-Padding": "a".repeat(MAX_HEADER_BYTES + 100) });

    expect(answer.status).toBe(431);
    expect(JSON.parse(answer.body)).toEqual({ statusCode: 431, message: "Request header fields too large." });
  });

  it("accepts a header block just under the limit", async () => {
    const answer = await attemptHandshake(stack.gateway.url("/echo?almost"), { "X-Padding": "a".repeat(MAX_HEADER_BYTES - 400) });

    expect(answer.status).toBe(101);
    answer.socket!.destroy();
  });

  it("answers 400 with a JSON body to a plain GET on an API path", async () => {
    const response = await fetch(`http://127.0.0.1:${stack.gateway.port}/echo/some/thing`);

    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(await response.json()).toEqual({
      statusCode: 400,
      message: "This is a WebSocket API: send a WebSocket upgrade request (GET with 'Upgrade: websocket').",
    });
  });

  it("answers 404 'Resource not found' to an unknown path, upgrade or not", async () => {
    const upgrade = await attemptHandshake(stack.gateway.url("/nowhere"));
    const plain = await fetch(`http://127.0.0.1:${stack.gateway.port}/nowhere`);

    expect(upgrade.status).toBe(404);
    expect(upgrade.body).toBe('{"statusCode":404,"message":"Resource not found"}');
    expect(plain.status).toBe(404);
    expect(await plain.text()).toBe('{"statusCode":404,"message":"Resource not found"}');
  });
});
