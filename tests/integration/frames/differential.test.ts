import type { IncomingMessage } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { deflateRawSync, inflateRawSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket, { WebSocketServer } from "ws";
import { startGateway, waitFor, type GatewayProcess } from "@/tests/helpers/gateway-process";
import {
  acceptFor,
  byteDifference,
  openRawClient,
  startRecordingBackend,
  writeBytes,
  type BackendReply,
  type RawClient,
  type RecordedConnection,
  type RecordingBackend,
} from "@/tests/helpers/raw-websocket";
import { createTempDatabase, insertApi, type TempDatabase } from "@/tests/helpers/temp-db";
import { closePayload, decodeFrames, frame, OP } from "@/tests/helpers/ws-frames";

/**
 * The gateway is not a WebSocket endpoint: whatever a client and a backend say to each
 * other must cross it byte for byte. Each scenario runs twice — client straight to the
 * recording backend, then through the gateway — and the bytes each side receives must be
 * the same both times.
 */

const M1 = Buffer.from([0x37, 0xfa, 0x21, 0x3d]);
const M2 = Buffer.from([0x00, 0xff, 0x5a, 0xa5]);

function pattern(n: number, seed: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 7 + seed) & 0xff;
  return b;
}

/** permessage-deflate's payload for one message (RFC 7692 §7.2.1: the final empty block removed). */
function deflated(text: string): Buffer {
  const out = deflateRawSync(Buffer.from(text), { finishFlush: 2 /* Z_SYNC_FLUSH */ });
  return out.subarray(0, out.length - 4);
}

function inflated(payload: Buffer): string {
  return inflateRawSync(Buffer.concat([payload, Buffer.from([0x00, 0x00, 0xff, 0xff])]), { finishFlush: 2 }).toString();
}

interface Scenario {
  /** Client → backend bytes (masked frames). */
  client: Buffer;
  /** Backend → client bytes (unmasked frames). */
  backend: Buffer;
  clientWrites?: "whole" | "bytewise";
  backendWrites?: "whole" | "bytewise";
  /** Extra handshake headers the client sends. */
  headers?: [string, string][];
  /** Send the client's frames in the same write as its handshake request. */
  pipelined?: boolean;
  reply?: BackendReply;
}

interface Run {
  client: RawClient;
  conn: RecordedConnection;
  /** What the backend received from the client, until the client's FIN. */
  backendGot: Buffer;
  /** What the client received from the backend, until the backend's FIN. */
  clientGot: Buffer;
  path: string;
}

let tmp: TempDatabase;
let backend: RecordingBackend;
let gateway: GatewayProcess;
const replies = new Map<string, BackendReply>();
let runs = 0;

/** One exchange: the client sends, ends; then the backend sends, ends. Nothing is left to timing. */
async function run(via: "direct" | "gateway", sc: Scenario): Promise<Run> {
  const id = `r${++runs}`;
  replies.set(id, sc.reply ?? {});
  const backendPath = `/base/s/${id}?q=1`;
  const path = via === "direct" ? backendPath : `/rec/s/${id}?q=1`;
  const port = via === "direct" ? backend.port : gateway.port;
  const client = await within(openRawClient(port, path, sc.headers, sc.pipelined ? sc.client : undefined), `${id}: 101`);
  expect(client.status).toBe(101);
  const conn = await within(backend.connection(backendPath), `${id}: backend handshake`);
  if (!sc.pipelined) await writeBytes(client.socket, sc.client, sc.clientWrites);
  client.socket.end();
  const backendGot = await within(conn.record.ended, `${id}: client bytes at the backend`);
  await writeBytes(conn.socket, sc.backend, sc.backendWrites);
  conn.socket.end();
  const clientGot = await within(client.record.ended, `${id}: backend bytes at the client`);
  return { client, conn, backendGot, clientGot, path };
}

/** Runs the scenario direct and through the gateway; asserts both sides got the same bytes both times. */
async function differential(sc: Scenario): Promise<{ direct: Run; viaGateway: Run }> {
  const direct = await run("direct", sc);
  const viaGateway = await run("gateway", sc);
  const greeting = sc.reply?.greeting ?? Buffer.alloc(0);
  // Direct, each side gets exactly what the other sent (the harness itself is sound) …
  expect(byteDifference(direct.backendGot, sc.client)).toBeNull();
  expect(byteDifference(direct.clientGot, Buffer.concat([greeting, sc.backend]))).toBeNull();
  // … and through the gateway, exactly the same.
  expect(byteDifference(viaGateway.backendGot, direct.backendGot)).toBeNull();
  expect(byteDifference(viaGateway.clientGot, direct.clientGot)).toBeNull();
  // The client's key reaches the backend, whose Accept reaches the client unchanged.
  expect(viaGateway.conn.headers["sec-websocket-key"]).toBe(viaGateway.client.key);
  expect(viaGateway.client.headers["sec-websocket-accept"]).toBe(acceptFor(viaGateway.client.key));
  expect(viaGateway.client.headers["sec-websocket-accept"]).toBe(viaGateway.conn.accept);
  return { direct, viaGateway };
}

function within<T>(promise: Promise<T>, what: string, ms = 5000): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms).unref())]);
}

let wsServer: WebSocketServer;

beforeAll(async () => {
  tmp = createTempDatabase();
  backend = await startRecordingBackend((path) => replies.get(path.split("/").pop()!.split("?")[0]!) ?? {});
  wsServer = new WebSocketServer({ host: "127.0.0.1", port: 0, perMessageDeflate: { threshold: 0, serverNoContextTakeover: true, clientMaxWindowBits: 10 } });
  await new Promise<void>((r) => wsServer.once("listening", () => r()));
  insertApi(tmp.db, { id: "rec", path: "rec", serviceUrl: `ws://127.0.0.1:${backend.port}/base` });
  insertApi(tmp.db, { id: "deflate", path: "deflate", serviceUrl: `ws://127.0.0.1:${(wsServer.address() as AddressInfo).port}` });
  gateway = await startGateway(tmp.file);
});

afterAll(async () => {
  await gateway?.stop();
  await backend?.close();
  await new Promise<void>((r) => (wsServer ? wsServer.close(() => r()) : r()));
  tmp?.cleanup();
});

const fragmentedWithPings = {
  client: Buffer.concat([
    frame({ opcode: OP.text, payload: "frag", fin: false, mask: M1 }),
    frame({ opcode: OP.ping, payload: "between", mask: M2 }),
    frame({ opcode: OP.continuation, payload: "men", fin: false, mask: M1 }),
    frame({ opcode: OP.pong, payload: "unsolicited", mask: M2 }),
    frame({ opcode: OP.continuation, payload: "ted", mask: M1 }),
    frame({ opcode: OP.binary, payload: pattern(200, 1), fin: false, mask: M2 }),
    frame({ opcode: OP.ping, mask: M1 }),
    frame({ opcode: OP.continuation, payload: pattern(3, 2), mask: M2 }),
    frame({ opcode: OP.close, payload: closePayload(1000, "bye"), mask: M1 }),
  ]),
  backend: Buffer.concat([
    frame({ opcode: OP.pong, payload: "between" }),
    frame({ opcode: OP.text, payload: "réponse ", fin: false }),
    frame({ opcode: OP.ping, payload: "p" }),
    frame({ opcode: OP.continuation, payload: "en morceaux" }),
    frame({ opcode: OP.binary, payload: pattern(130, 3), fin: false }),
    frame({ opcode: OP.continuation, payload: pattern(1, 4), fin: false }),
    frame({ opcode: OP.continuation, payload: Buffer.alloc(0) }),
    frame({ opcode: OP.close, payload: closePayload(1000, "bye") }),
  ]),
};

describe("frames cross the gateway byte for byte", () => {
  it("fragmented messages with pings and pongs between fragments", async () => {
    await differential(fragmentedWithPings);
  });

  it("pings and pongs with and without payload, up to 125 bytes", async () => {
    await differential({
      client: Buffer.concat([
        frame({ opcode: OP.ping, mask: M1 }),
        frame({ opcode: OP.ping, payload: pattern(125, 5), mask: M2 }),
        frame({ opcode: OP.pong, payload: "abc", mask: M1 }),
        frame({ opcode: OP.pong, mask: M2 }),
      ]),
      backend: Buffer.concat([
        frame({ opcode: OP.pong }),
        frame({ opcode: OP.pong, payload: pattern(125, 5) }),
        frame({ opcode: OP.ping, payload: "server ping" }),
        frame({ opcode: OP.ping, payload: pattern(125, 9) }),
      ]),
    });
  });

  it("Close frames with codes 1000–1011, 3000 and 4999, each with a reason", async () => {
    for (const code of [1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008, 1009, 1010, 1011, 3000, 4999]) {
      const { viaGateway } = await differential({
        client: frame({ opcode: OP.close, payload: closePayload(code, `client says ${code}`), mask: M1 }),
        backend: frame({ opcode: OP.close, payload: closePayload(code, `backend says ${code} ✓`) }),
      });
      expect(decodeFrames(viaGateway.backendGot).map((f) => [f.payload.readUInt16BE(0), f.payload.subarray(2).toString()])).toEqual([[code, `client says ${code}`]]);
      expect(decodeFrames(viaGateway.clientGot).map((f) => [f.payload.readUInt16BE(0), f.payload.subarray(2).toString()])).toEqual([[code, `backend says ${code} ✓`]]);
    }
  });

  it("Close frames without a status code", async () => {
    await differential({
      client: frame({ opcode: OP.close, mask: M2 }),
      backend: frame({ opcode: OP.close }),
    });
  });

  it("invalid UTF-8 in text frames (the gateway is not the endpoint and does not validate)", async () => {
    const invalid = Buffer.from([0xce, 0xba, 0xe1, 0xbd, 0xb9, 0xcf, 0x83, 0xce, 0xbc, 0xce, 0xb5, 0xed, 0xa0, 0x80, 0x65, 0x64, 0xff, 0xfe, 0xc0, 0xaf]);
    await differential({
      client: Buffer.concat([
        frame({ opcode: OP.text, payload: invalid, mask: M1 }),
        // a valid character split across fragments, then a fragment ending mid-character
        frame({ opcode: OP.text, payload: Buffer.from([0xe2, 0x82]), fin: false, mask: M2 }),
        frame({ opcode: OP.continuation, payload: Buffer.from([0xac, 0xf0, 0x9f]), mask: M1 }),
        frame({ opcode: OP.close, payload: Buffer.concat([closePayload(1000), Buffer.from([0xff, 0xfe])]), mask: M2 }),
      ]),
      backend: Buffer.concat([frame({ opcode: OP.text, payload: invalid }), frame({ opcode: OP.close, payload: Buffer.concat([closePayload(1007), Buffer.from([0xc3])]) })]),
    });
  });

  it("payload lengths 125, 126, 65535 and 65536 (7-, 16- and 64-bit length fields)", async () => {
    const lengths = [125, 126, 65535, 65536];
    const { viaGateway } = await differential({
      client: Buffer.concat(lengths.map((n, i) => frame({ opcode: i % 2 ? OP.binary : OP.text, payload: i % 2 ? pattern(n, i) : "x".repeat(n), mask: i % 2 ? M1 : M2 }))),
      backend: Buffer.concat(lengths.map((n, i) => frame({ opcode: OP.binary, payload: pattern(n, 10 + i) }))),
    });
    expect(decodeFrames(viaGateway.backendGot).map((f) => [f.lengthBytes, f.payload.length])).toEqual([[0, 125], [2, 126], [2, 65535], [8, 65536]]);
    expect(decodeFrames(viaGateway.clientGot).map((f) => [f.lengthBytes, f.payload.length])).toEqual([[0, 125], [2, 126], [2, 65535], [8, 65536]]);
  });

  it("one byte per write in both directions", async () => {
    const { direct, viaGateway } = await differential({ ...fragmentedWithPings, clientWrites: "bytewise", backendWrites: "bytewise" });
    // The bytes really travelled one by one (most writes arrive as their own chunk), direct and relayed.
    for (const r of [direct, viaGateway]) {
      expect(r.conn.record.chunks.length).toBeGreaterThan(fragmentedWithPings.client.length / 2);
      expect(r.client.record.chunks.length).toBeGreaterThan(fragmentedWithPings.backend.length / 2);
    }
  });

  it("frames sent in the same write as the handshake, in both directions", async () => {
    const greeting = Buffer.concat([frame({ opcode: OP.text, payload: "welcome" }), frame({ opcode: OP.ping, payload: "hi" })]);
    await differential({
      client: Buffer.concat([frame({ opcode: OP.text, payload: "early", mask: M1 }), frame({ opcode: OP.binary, payload: pattern(300, 6), mask: M2 })]),
      backend: frame({ opcode: OP.text, payload: "later" }),
      pipelined: true,
      reply: { greeting },
    });
  });

  it("compressed frames (RSV1) of a permessage-deflate session, with the extension negotiated end to end", async () => {
    const offer = "permessage-deflate; client_max_window_bits";
    const { viaGateway } = await differential({
      headers: [["Sec-WebSocket-Extensions", offer]],
      reply: { extensions: "permessage-deflate; server_no_context_takeover; client_no_context_takeover" },
      client: Buffer.concat([
        frame({ opcode: OP.text, payload: deflated("Hello hello hello hello"), rsv1: true, mask: M1 }),
        // a compressed message in two fragments: RSV1 on the first frame only
        frame({ opcode: OP.binary, payload: deflated("fragmented and compressed").subarray(0, 5), rsv1: true, fin: false, mask: M2 }),
        frame({ opcode: OP.continuation, payload: deflated("fragmented and compressed").subarray(5), mask: M1 }),
      ]),
      backend: frame({ opcode: OP.text, payload: deflated("compressed reply, compressed reply"), rsv1: true }),
    });
    expect(viaGateway.conn.headers["sec-websocket-extensions"]).toBe(offer);
    expect(viaGateway.client.headers["sec-websocket-extensions"]).toBe("permessage-deflate; server_no_context_takeover; client_no_context_takeover");
    const toBackend = decodeFrames(viaGateway.backendGot);
    expect(toBackend.map((f) => f.rsv1)).toEqual([true, true, false]);
    expect(inflated(toBackend[0]!.payload)).toBe("Hello hello hello hello");
    expect(inflated(Buffer.concat([toBackend[1]!.payload, toBackend[2]!.payload]))).toBe("fragmented and compressed");
    const toClient = decodeFrames(viaGateway.clientGot);
    expect(toClient.map((f) => f.rsv1)).toEqual([true]);
    expect(inflated(toClient[0]!.payload)).toBe("compressed reply, compressed reply");
  });

  it("Sec-WebSocket-Protocol: the client offers 'a, b', the backend chooses 'b', the client sees 'b'", async () => {
    const { direct, viaGateway } = await differential({
      headers: [["Sec-WebSocket-Protocol", "a, b"]],
      reply: { protocol: "b" },
      client: frame({ opcode: OP.text, payload: "in b", mask: M1 }),
      backend: frame({ opcode: OP.text, payload: "b it is" }),
    });
    for (const r of [direct, viaGateway]) {
      expect(r.conn.headers["sec-websocket-protocol"]).toBe("a, b");
      expect(r.client.headers["sec-websocket-protocol"]).toBe("b");
    }
  });

  it("the 101 through the gateway carries the backend's Accept, Protocol and Extensions, in order", async () => {
    const { direct, viaGateway } = await differential({
      headers: [
        ["Sec-WebSocket-Protocol", "chat"],
        ["Sec-WebSocket-Extensions", "x-test; p=1"],
      ],
      reply: { extensions: true },
      client: Buffer.alloc(0),
      backend: Buffer.alloc(0),
    });
    const wsHeaders = (c: RawClient) => c.rawHeaders.filter(([name]) => /^sec-websocket-/i.test(name));
    expect(wsHeaders(viaGateway.client)).toEqual([
      ["Sec-WebSocket-Accept", acceptFor(viaGateway.client.key)],
      ["Sec-WebSocket-Protocol", "chat"],
      ["Sec-WebSocket-Extensions", "x-test; p=1"],
    ]);
    expect(wsHeaders(direct.client)).toEqual([
      ["Sec-WebSocket-Accept", acceptFor(direct.client.key)],
      ["Sec-WebSocket-Protocol", "chat"],
      ["Sec-WebSocket-Extensions", "x-test; p=1"],
    ]);
    expect(viaGateway.client.head.split("\r\n")[0]).toBe("HTTP/1.1 101 Switching Protocols");
  });
});

describe("the gateway's log row for a tunnelled connection", () => {
  it("records messages and bytes each way and the first Close (the client's)", async () => {
    const { viaGateway } = await differential(fragmentedWithPings);
    const row = await waitFor(
      () =>
        tmp.db.$client
          .prepare(
            `SELECT api_id, response_code, backend_response_code, backend_url, close_code, close_reason, closed_by,
              messages_inbound, messages_outbound, bytes_inbound, bytes_outbound FROM gateway_logs WHERE url = ? AND closed_at IS NOT NULL`,
          )
          .get(viaGateway.path),
      1000,
    );
    expect(row).toEqual({
      api_id: "rec",
      response_code: 101,
      backend_response_code: 101,
      backend_url: `ws://127.0.0.1:${backend.port}${viaGateway.conn.path}`,
      close_code: 1000,
      close_reason: "bye",
      closed_by: "client",
      messages_inbound: 2, // one text in 3 fragments, one binary in 2; pings, pongs and the Close not counted
      messages_outbound: 2, // one text in 2 fragments, one binary in 3
      bytes_inbound: fragmentedWithPings.client.length,
      bytes_outbound: fragmentedWithPings.backend.length,
    });
  });
});

describe("paths with dot segments", () => {
  it("are refused with 400 when they leave the API's service path, and never reach the backend", async () => {
    for (const path of ["/rec/..", "/rec/../x", "/rec/%2e%2e/x", "/rec/a/../../x", "/rec/.%2E/base2"]) {
      const before = backend.paths.length;
      const client = await openRawClient(gateway.port, path);
      const body = await within(client.record.ended, `${path}: refusal body`);
      expect([path, client.status, JSON.parse(body.toString())]).toEqual([path, 400, { statusCode: 400, message: "The request path leaves the API's path." }]);
      expect(backend.paths.length).toBe(before);
    }
  });

  it("are resolved and forwarded when they stay inside it", async () => {
    const client = await openRawClient(gateway.port, "/rec/a/../s/inside?x=1");
    expect(client.status).toBe(101);
    const conn = await within(backend.connection("/base/s/inside?x=1"), "backend handshake");
    client.socket.destroy();
    conn.socket.destroy();
  });
});

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
      wsServer.once("connection", (ws: WebSocket, req: IncomingMessage) => {
        (req.socket as Socket).on("data", (c: Buffer) => serverChunks.push(c));
        ws.on("message", (data, isBinary) => {
          const text = isBinary ? `binary:${(data as Buffer).toString("hex")}` : (data as Buffer).toString();
          serverMessages.push(text);
          ws.send(`echo ${text} `.repeat(20));
        });
        resolve({ extensions: ws.extensions, closed: new Promise((r) => ws.once("close", () => r())) });
      });
    });
    const clientChunks: Buffer[] = [];
    const clientMessages: string[] = [];
    // A fixed mask makes the client's bytes the same on every run.
    const client = new WebSocket(url, { perMessageDeflate: true, generateMask: (mask: Buffer) => void mask.fill(0x5a) });
    let responseExtensions: string | undefined;
    client.on("upgrade", (res) => {
      responseExtensions = res.headers["sec-websocket-extensions"];
      res.socket.on("data", (c: Buffer) => clientChunks.push(c));
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
    const clientClosed = new Promise((r) => client.once("close", r));
    client.close(1000, "done");
    await within(Promise.all([clientClosed, server.closed]), "close handshake");
    await new Promise((r) => setTimeout(r, 20)); // let the last TCP chunks land in the records
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
    const port = (wsServer.address() as AddressInfo).port;
    const direct = await deflateRun(`ws://127.0.0.1:${port}/`);
    const via = await deflateRun(gateway.url("/deflate"));
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
