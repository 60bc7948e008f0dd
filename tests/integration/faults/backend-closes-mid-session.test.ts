import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { startGateway, type GatewayProcess } from "@/tests/helpers/gateway-process";
import { waitForLogRow } from "@/tests/helpers/gateway-logs";
import { closeOf, openClient, roundTrip } from "@/tests/helpers/handshake-client";
import { createTempDatabase, insertApi, type TempDatabase } from "@/tests/helpers/temp-db";

describe("a backend that ends the session", () => {
  let temp: TempDatabase;
  let gateway: GatewayProcess;
  let backend: WebSocketServer;

  beforeAll(async () => {
    temp = createTempDatabase();
    // Echoes, except for two commands: "bye" closes with 4001, "reset" drops TCP without a Close frame.
    backend = new WebSocketServer({ host: "127.0.0.1", port: 0 });
    backend.on("connection", (ws) => {
      ws.on("message", (data, isBinary) => {
        const text = data.toString();
        if (text === "bye") ws.close(4001, "bye");
        else if (text === "reset") ws.terminate();
        else ws.send(data, { binary: isBinary });
      });
    });
    await new Promise<void>((r) => backend.once("listening", () => r()));
    insertApi(temp.db, { id: "chat", path: "chat", serviceUrl: `ws://127.0.0.1:${(backend.address() as AddressInfo).port}` });
    gateway = await startGateway(temp.file);
  });

  afterAll(async () => {
    await gateway?.stop();
    for (const ws of backend?.clients ?? []) ws.terminate();
    await new Promise((r) => backend?.close(r));
    temp?.cleanup();
  });

  it("relays the backend's Close 4001 'bye' to the client and logs it as closed by the backend", async () => {
    const client = await openClient(gateway.url("/chat?case=bye"));
    expect((await roundTrip(client, "hello")).data.toString()).toBe("hello");
    const closed = closeOf(client);

    client.send("bye");

    expect(await closed).toEqual({ code: 4001, reason: "bye" });
    const row = await waitForLogRow(temp.db, "/chat?case=bye", (r) => r.closedBy !== null);
    expect(row).toMatchObject({ responseCode: 101, backendResponseCode: 101, closeCode: 4001, closeReason: "bye", closedBy: "backend" });
    expect(row.messagesInbound).toBe(2);
    expect(row.messagesOutbound).toBe(1);
  });

  it("gives the client 1006 when the backend resets TCP, and logs it as closed by the backend", async () => {
    const client = await openClient(gateway.url("/chat?case=reset"));
    expect((await roundTrip(client, "hello")).data.toString()).toBe("hello");
    const closed = closeOf(client);
    const started = Date.now();

    client.send("reset");

    expect((await closed).code).toBe(1006);
    // The gateway passes the loss on at once instead of waiting for its close timeout.
    expect(Date.now() - started).toBeLessThan(1000);
    const row = await waitForLogRow(temp.db, "/chat?case=reset", (r) => r.closedBy !== null);
    expect(row).toMatchObject({ responseCode: 101, closeCode: 1006, closedBy: "backend" });
  });
});
