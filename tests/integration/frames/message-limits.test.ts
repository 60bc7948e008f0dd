import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { policies } from "@/db/schema/index";
import { waitForLogRow } from "@/tests/helpers/gateway-logs";
import { startGateway, type GatewayProcess } from "@/tests/helpers/gateway-process";
import { openRawClient, startRecordingBackend, type ByteRecord, type RawClient, type RecordedConnection, type RecordingBackend } from "@/tests/helpers/raw-websocket";
import { createTempDatabase, insertApi, type TempDatabase } from "@/tests/helpers/temp-db";
import { closePayload, decodeFrames, frame, OP, wholeFrames, type DecodedFrame } from "@/tests/helpers/ws-frames";

/**
 * The message-level policies through the real gateway: documents in the database, a raw client
 * and a recording backend exchanging hand-made frames, the gateway's Close frames and its log.
 */

const MASK = Buffer.from([0x11, 0x22, 0x33, 0x44]);
const fromClient = (opcode: number, payload: Buffer | string = Buffer.alloc(0), fin = true) => frame({ opcode, payload, fin, mask: MASK });
const fromBackend = (opcode: number, payload: Buffer | string = Buffer.alloc(0), fin = true) => frame({ opcode, payload, fin });

let tmp: TempDatabase;
let backend: RecordingBackend;
let gateway: GatewayProcess;
let connections = 0;

const DOCUMENTS: Record<string, string> = {
  size: '<limit-message-size max-bytes="1000" direction="inbound" />',
  "size-out": '<limit-message-size max-bytes="500" direction="outbound" /><limit-message-size max-bytes="2000" />',
  rate: '<rate-limit-messages calls="3" renewal-period="60" direction="outbound" />',
  idle: '<idle-timeout seconds="1" />',
  duration: '<max-connection-duration seconds="1" /><idle-timeout seconds="60" />',
};

beforeAll(async () => {
  tmp = createTempDatabase();
  backend = await startRecordingBackend();
  for (const [id, inbound] of Object.entries(DOCUMENTS)) {
    insertApi(tmp.db, { id, path: id, serviceUrl: `ws://127.0.0.1:${backend.port}/${id}` });
    tmp.db.insert(policies).values({ scope: "api", scopeId: id, value: `<policies><inbound><base />${inbound}</inbound></policies>` }).run();
  }
  gateway = await startGateway(tmp.file);
});

afterAll(async () => {
  await gateway?.stop();
  await backend?.close();
  tmp?.cleanup();
});

interface Connection {
  url: string;
  client: RawClient;
  conn: RecordedConnection;
  openedAt: number;
}

async function connect(api: string): Promise<Connection> {
  const n = ++connections;
  const url = `/${api}?n=${n}`;
  const openedAt = Date.now();
  const client = await openRawClient(gateway.port, url);
  expect(client.status).toBe(101);
  const conn = await backend.connection(`/${api}?n=${n}`);
  return { url, client, conn, openedAt };
}

function framesIn(record: ByteRecord): DecodedFrame[] {
  return wholeFrames(record.bytes);
}

async function untilClose(record: ByteRecord, timeoutMs = 5000): Promise<DecodedFrame[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const frames = framesIn(record);
    if (frames.some((f) => f.opcode === OP.close)) return frames;
    if (Date.now() > deadline) throw new Error(`no Close frame within ${timeoutMs} ms (got ${record.bytes.length} bytes)`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Both peers answer the gateway's Close and leave; resolves with the completed log row. */
async function finish(c: Connection) {
  c.client.socket.end(fromClient(OP.close, closePayload(1000)));
  c.conn.socket.end(fromBackend(OP.close, closePayload(1000)));
  return waitForLogRow(tmp.db, c.url, (row) => row.closedAt !== null);
}

const closeFrame = (masked: boolean, code: number, reason: string): DecodedFrame => ({
  fin: true,
  rsv1: false,
  rsv2: false,
  rsv3: false,
  opcode: OP.close,
  masked,
  payload: closePayload(code, reason),
  lengthBytes: 0,
});

describe("limit-message-size through the gateway", () => {
  it("relays a 1000-byte message and closes both sides with 1009 at 1001 bytes, which the backend never sees", async () => {
    const c = await connect("size");
    const exact = fromClient(OP.binary, Buffer.alloc(1000, 7));
    c.client.socket.write(Buffer.concat([exact, fromClient(OP.binary, Buffer.alloc(1001, 8))]));
    const atBackend = await untilClose(c.conn.record);
    const atClient = await untilClose(c.client.record);
    expect(atBackend).toEqual([...decodeFrames(exact), closeFrame(true, 1009, "message too big: limit 1000 bytes")]);
    expect(atClient).toEqual([closeFrame(false, 1009, "message too big: limit 1000 bytes")]);
    const row = await finish(c);
    expect([row.closedBy, row.closeCode, row.closeReason, row.messagesInbound]).toEqual(["gateway", 1009, "message too big: limit 1000 bytes", 1]);
    // Nothing of the oversized frame followed the Close.
    expect(decodeFrames(await c.conn.record.ended)).toEqual(atBackend);
  });

  it("limits the backend's messages by the smaller of two outbound limits in the document", async () => {
    const c = await connect("size-out");
    const exact = fromBackend(OP.text, "o".repeat(500));
    c.conn.socket.write(Buffer.concat([exact, fromBackend(OP.text, "p".repeat(501))]));
    expect(await untilClose(c.client.record)).toEqual([...decodeFrames(exact), closeFrame(false, 1009, "message too big: limit 500 bytes")]);
    expect(await untilClose(c.conn.record)).toEqual([closeFrame(true, 1009, "message too big: limit 500 bytes")]);
    const row = await finish(c);
    expect([row.closedBy, row.closeCode, row.closeReason, row.messagesOutbound]).toEqual(["gateway", 1009, "message too big: limit 500 bytes", 1]);
  });
});

describe("rate-limit-messages through the gateway", () => {
  it("relays 3 backend messages and closes both sides with 1008 at the 4th, which the client never sees", async () => {
    const c = await connect("rate");
    const three = [fromBackend(OP.text, "one"), fromBackend(OP.text, "two", false), fromBackend(OP.ping), fromBackend(OP.continuation, "!"), fromBackend(OP.binary, Buffer.alloc(3))];
    c.conn.socket.write(Buffer.concat([...three, fromBackend(OP.text, "four")]));
    expect(await untilClose(c.client.record)).toEqual([...decodeFrames(Buffer.concat(three)), closeFrame(false, 1008, "message rate limit exceeded")]);
    expect(await untilClose(c.conn.record)).toEqual([closeFrame(true, 1008, "message rate limit exceeded")]);
    const row = await finish(c);
    expect([row.closedBy, row.closeCode, row.closeReason, row.messagesOutbound]).toEqual(["gateway", 1008, "message rate limit exceeded", 3]);
  });
});

describe("idle-timeout and max-connection-duration through the gateway", () => {
  it("closes an idle connection with 1001 after a second", async () => {
    const c = await connect("idle");
    const atClient = await untilClose(c.client.record);
    const elapsed = Date.now() - c.openedAt;
    expect(atClient).toEqual([closeFrame(false, 1001, "idle timeout")]);
    expect(await untilClose(c.conn.record)).toEqual([closeFrame(true, 1001, "idle timeout")]);
    expect(elapsed).toBeGreaterThanOrEqual(1000);
    expect(elapsed).toBeLessThan(3000);
    const row = await finish(c);
    expect([row.closedBy, row.closeCode, row.closeReason]).toEqual(["gateway", 1001, "idle timeout"]);
  });

  it("closes a busy connection with 1001 at its maximum duration", async () => {
    const c = await connect("duration");
    const timer = setInterval(() => c.client.socket.write(fromClient(OP.text, "busy")), 50);
    let atClient: DecodedFrame[];
    try {
      atClient = await untilClose(c.client.record);
    } finally {
      clearInterval(timer);
    }
    expect(Date.now() - c.openedAt).toBeGreaterThanOrEqual(1000);
    expect(atClient).toEqual([closeFrame(false, 1001, "maximum connection duration reached")]);
    // The backend's copy of the Close may still be on its way when the client's arrives: wait for it.
    expect((await untilClose(c.conn.record)).at(-1)).toEqual(closeFrame(true, 1001, "maximum connection duration reached"));
    const row = await finish(c);
    expect([row.closedBy, row.closeCode, row.closeReason]).toEqual(["gateway", 1001, "maximum connection duration reached"]);
    expect(row.messagesInbound).toBeGreaterThan(5);
  });
});
