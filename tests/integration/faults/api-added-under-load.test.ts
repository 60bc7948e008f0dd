import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type WebSocket from "ws";
import { startEchoBackend, type EchoBackend } from "@/tests/helpers/echo-backend";
import { startGateway, type GatewayProcess } from "@/tests/helpers/gateway-process";
import { attemptHandshake, openClient, roundTrip } from "@/tests/helpers/handshake-client";
import { createTempDatabase, insertApi, type TempDatabase } from "@/tests/helpers/temp-db";

const OPEN_CONNECTIONS = 100;

describe("an API added while connections are open", () => {
  let temp: TempDatabase;
  let gateway: GatewayProcess;
  let backend: EchoBackend;
  const clients: WebSocket[] = [];

  beforeAll(async () => {
    temp = createTempDatabase();
    backend = await startEchoBackend();
    insertApi(temp.db, { id: "first", path: "first", serviceUrl: backend.url("/first") });
    // The shipped poll interval (the helper's default is faster): "within a second" must hold for it.
    gateway = await startGateway(temp.file, { GATEWAY_CONFIG_POLL_MS: "250" });
  });

  afterAll(async () => {
    for (const client of clients) client.terminate();
    await gateway?.stop();
    await backend?.close();
    temp?.cleanup();
  });

  it("drops none of them and routes the new API within a second", async () => {
    for (let i = 0; i < OPEN_CONNECTIONS; i++) clients.push(await openClient(gateway.url(`/first?n=${i}`)));
    const closes: number[] = [];
    for (const client of clients) client.on("close", (code) => closes.push(code));
    expect(await attemptHandshake(gateway.url("/second"))).toMatchObject({ status: 404 });

    insertApi(temp.db, { id: "second", path: "second", serviceUrl: backend.url("/second") });
    const addedAt = performance.now();
    let status = 0;
    while (performance.now() - addedAt < 2000) {
      const answer = await attemptHandshake(gateway.url("/second"));
      answer.socket?.destroy();
      status = answer.status;
      if (status === 101) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const elapsed = performance.now() - addedAt;

    expect(status).toBe(101);
    expect(elapsed).toBeLessThan(1000);
    expect(backend.requests.at(-1)!.url).toBe("/second");
    const echoes = await Promise.all(clients.map((client, i) => roundTrip(client, `still ${i}`)));
    expect(echoes.map((e) => e.data.toString())).toEqual(clients.map((_c, i) => `still ${i}`));
    expect(closes).toEqual([]);
  });
});
