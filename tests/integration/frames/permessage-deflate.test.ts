import type { IncomingMessage } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import { byteDifference } from "@/tests/helpers/raw-websocket";
import { decodeFrames, OP } from "@/tests/helpers/ws-frames";
import { useDifferentialStack, within } from "./differential-fixture";

const stack = useDifferentialStack();

describe("permessage-deflate between a real ws client and a real ws server", () => {
  interface DeflateRun {
    responseExtensions: string | undefined;
    serverExtensions: string;
    clientExtensions: string;
    serverGot: Buffer;
    clientGot: Buffer;
    serverMessages: string[];
    clientMessages: string[];
  }

  async function deflateRun(url: string): Promise<DeflateRun> {
    const serverChunks: Buffer[] = [];
    const serverMessages: string[] = [];
    const serverSide = new Promise<{ extensions: string; closed: Promise<void> }>((resolve) => {
      stack.wsServer.once("connection", (ws: WebSocket, req: IncomingMessage) => {
        (req.socket as Socket).on("data", (c: Buffer) => serverChunks.push(c));
        ws.on("message", (data, isBinary) => {
          const text = isBinary ? `binary:${(data as Buffer).toString("hex")}` : (data as Buffer).toString();
          serverMessages.push(text);
          ws.send(`echo ${text} `.repeat(20));
        });
        // Its TCP socket's 'close' comes after its last 'data': every byte is in serverChunks then.
        resolve({ extensions: ws.extensions, closed: new Promise((r) => req.socket.once("close", () => r())) });
      });
    });
    const clientChunks: Buffer[] = [];
    const clientMessages: string[] = [];
    // A fixed mask makes the client's bytes the same on every run.
    const client = new WebSocket(url, { perMessageDeflate: true, generateMask: (mask: Buffer) => void mask.fill(0x5a) });
    let responseExtensions: string | undefined;
    let clientSocketClosed: Promise<unknown> = Promise.resolve();
    client.on("upgrade", (res) => {
      responseExtensions = res.headers["sec-websocket-extensions"];
      res.socket.on("data", (c: Buffer) => clientChunks.push(c));
      clientSocketClosed = new Promise((r) => res.socket.once("close", r));
    });
    const twoReplies = new Promise<void>((resolve) =>
      client.on("message", (data) => {
        clientMessages.push((data as Buffer).toString());
        if (clientMessages.length === 2) resolve();
      }),
    );
    await within(new Promise((r) => client.once("open", r)), "ws open");
    const server = await within(serverSide, "ws server connection");
    client.send("hello hello hello hello hello");
    client.send(Buffer.from("binary binary binary"));
    await within(twoReplies, "two replies");
    client.close(1000, "done");
    await within(Promise.all([clientSocketClosed, server.closed]), "close handshake");
    return {
      responseExtensions,
      serverExtensions: server.extensions,
      clientExtensions: client.extensions,
      serverGot: Buffer.concat(serverChunks),
      clientGot: Buffer.concat(clientChunks),
      serverMessages,
      clientMessages,
    };
  }

  it("negotiates through the gateway, passes compressed frames untouched, and the messages decompress", async () => {
    const port = (stack.wsServer.address() as AddressInfo).port;
    const direct = await deflateRun(`ws://127.0.0.1:${port}/`);
    const via = await deflateRun(stack.gateway.url("/deflate"));
    for (const r of [direct, via]) {
      expect(r.responseExtensions).toBe("permessage-deflate; client_max_window_bits=10; server_no_context_takeover");
      expect([r.clientExtensions, r.serverExtensions]).toEqual(["permessage-deflate", "permessage-deflate"]);
      expect(r.serverMessages).toEqual(["hello hello hello hello hello", `binary:${Buffer.from("binary binary binary").toString("hex")}`]);
      expect(r.clientMessages).toEqual([
        "echo hello hello hello hello hello ".repeat(20),
        `echo binary:${Buffer.from("binary binary binary").toString("hex")} `.repeat(20),
      ]);
    }
    // The compressed frames the client sent and the server answered carry RSV1 …
    const sent = decodeFrames(via.serverGot);
    expect(sent.map((f) => [f.opcode, f.rsv1])).toEqual([[OP.text, true], [OP.binary, true], [OP.close, false]]);
    const answered = decodeFrames(via.clientGot);
    expect(answered.map((f) => [f.opcode, f.rsv1])).toEqual([[OP.text, true], [OP.text, true], [OP.close, false]]);
    expect(answered[0]!.payload.length).toBeLessThan("echo hello hello hello hello hello ".length * 20);
    // … and are byte for byte those of the direct connection.
    expect(byteDifference(via.serverGot, direct.serverGot)).toBeNull();
    expect(byteDifference(via.clientGot, direct.clientGot)).toBeNull();
  });
});
