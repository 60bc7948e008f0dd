import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect } from "vitest";
import { WebSocketServer } from "ws";
import { startGateway, type GatewayProcess } from "@/tests/helpers/gateway-process";
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
import { closePayload, frame, OP } from "@/tests/helpers/ws-frames";

/**
 * The differential suites' stack: a gateway in front of a recording backend (API `rec`) and of a real
 * ws server with permessage-deflate (API `deflate`), and the differential run. The gateway is not
 * a WebSocket endpoint: whatever a client and a backend say to each other must cross it byte for
 * byte. Each scenario runs twice — client straight to the recording backend, then through the
 * gateway — and the bytes each side receives must be the same both times.
 */

/** Two client masks, so that consecutive frames differ in their mask too. */
export const M1 = Buffer.from([0x37, 0xfa, 0x21, 0x3d]);
export const M2 = Buffer.from([0x00, 0xff, 0x5a, 0xa5]);

/** `n` bytes of a repeating pattern that `seed` shifts. */
export function pattern(n: number, seed: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 7 + seed) & 0xff;
  return b;
}

export interface Scenario {
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

export interface Run {
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
export async function differential(sc: Scenario): Promise<{ direct: Run; viaGateway: Run }> {
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

/** `promise`, or a rejection naming `what` after `ms`. */
export function within<T>(promise: Promise<T>, what: string, ms = 5000): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms).unref())]);
}

/** The running stack, for the tests to reach (each part set once the file's beforeAll has run). */
export interface DifferentialStack {
  readonly tmp: TempDatabase;
  readonly backend: RecordingBackend;
  readonly gateway: GatewayProcess;
  readonly wsServer: WebSocketServer;
}

let wsServer: WebSocketServer;

/** Starts the stack before the file's tests and stops it after them; call once per file. */
export function useDifferentialStack(): DifferentialStack {
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

  return {
    get tmp() {
      return tmp;
    },
    get backend() {
      return backend;
    },
    get gateway() {
      return gateway;
    },
    get wsServer() {
      return wsServer;
    },
  };
}

/** A scenario with fragmented messages in both directions, pings and pongs between fragments, and a Close each way. */
export const fragmentedWithPings = {
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
