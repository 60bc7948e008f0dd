import http from "node:http";
import type { AddressInfo } from "node:net";
import { Server, type Socket as ServerSocket } from "socket.io";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway, type GatewayProcess } from "@/tests/helpers/gateway-process";
import { createTempDatabase, insertApi, type TempDatabase } from "@/tests/helpers/temp-db";

describe("socket.io through the gateway", () => {
  let temp: TempDatabase;
  let gateway: GatewayProcess;
  let httpServer: http.Server;
  let sio: Server;
  let client: Socket;
  const serverSockets: ServerSocket[] = [];

  beforeAll(async () => {
    temp = createTempDatabase();
    httpServer = http.createServer();
    sio = new Server(httpServer, { transports: ["websocket"] });
    sio.on("connection", (socket) => {
      serverSockets.push(socket);
      socket.on("shout", (text: string, ack: (answer: string) => void) => ack(text.toUpperCase()));
      socket.on("push-me", (count: number) => {
        for (let i = 1; i <= count; i++) socket.emit("pushed", { n: i });
      });
    });
    await new Promise<void>((r) => httpServer.listen(0, "127.0.0.1", r));
    // The API publishes the whole server: /sio/socket.io/ on the gateway is /socket.io/ on the backend.
    insertApi(temp.db, { id: "sio", path: "sio", serviceUrl: `ws://127.0.0.1:${(httpServer.address() as AddressInfo).port}` });
    gateway = await startGateway(temp.file);
  });

  afterAll(async () => {
    client?.disconnect();
    await gateway?.stop();
    await sio?.close();
    temp?.cleanup();
  });

  it("connects over the websocket transport and round-trips an emit with ack and server pushes", async () => {
    client = io(`http://127.0.0.1:${gateway.port}`, { path: "/sio/socket.io/", transports: ["websocket"], reconnection: false, timeout: 5000 });
    await new Promise<void>((resolve, reject) => {
      client.once("connect", resolve);
      client.once("connect_error", reject);
    });
    expect(client.io.engine.transport.name).toBe("websocket");
    expect(serverSockets).toHaveLength(1);
    expect(serverSockets[0]!.handshake.headers["x-forwarded-for"]).toBe("127.0.0.1");

    const answer = await client.timeout(2000).emitWithAck("shout", "hello through portcullis");
    expect(answer).toBe("HELLO THROUGH PORTCULLIS");

    const pushed: unknown[] = [];
    const allPushed = new Promise<void>((resolve) =>
      client.on("pushed", (payload: unknown) => {
        if (pushed.push(payload) === 3) resolve();
      }),
    );
    client.emit("push-me", 3);
    await allPushed;
    expect(pushed).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);

    const fromServer = new Promise<string>((resolve) => client.once("announcement", resolve));
    sio.emit("announcement", "server says hi");
    expect(await fromServer).toBe("server says hi");
  });
});
