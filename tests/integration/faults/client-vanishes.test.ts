import { randomBytes } from "node:crypto";
import { readdirSync } from "node:fs";
import net from "node:net";
import { describe, expect, it } from "vitest";
import { useEchoStack } from "@/tests/helpers/echo-stack";
import { gatewayHealth } from "@/tests/helpers/gateway-health";
import { waitFor, type GatewayProcess } from "@/tests/helpers/gateway-process";
import { waitForLogRow } from "@/tests/helpers/gateway-logs";
import { openClient, roundTrip } from "@/tests/helpers/handshake-client";

const CYCLES = 1000;
const CONCURRENCY = 20;
/** Descriptors the gateway may legitimately open on the side (log timer, sqlite journal). */
const FD_SLACK = 5;

/** The ways a client can vanish; cycle i uses mode i % length. */
const MODES = ["before-request", "mid-request", "during-backend-handshake", "after-101", "after-101-with-frame"] as const;

describe("a client that vanishes", () => {
  const stack = useEchoStack();

  it("has its backend connection closed within a second", async () => {
    const client = await openClient(stack.gateway.url("/echo?case=vanish"));
    expect((await roundTrip(client, "ping")).data.toString()).toBe("ping");
    const [backendSide] = stack.backend.sockets;
    const backendClosed = new Promise<{ code: number; at: number }>((resolve) =>
      backendSide!.once("close", (code) => resolve({ code, at: Date.now() })),
    );
    const vanishedAt = Date.now();

    client.terminate(); // destroys the TCP socket: no Close frame

    const { code, at } = await backendClosed;
    expect(code).toBe(1006);
    expect(at - vanishedAt).toBeLessThan(1000);
    const row = await waitForLogRow(stack.temp.db, "/echo?case=vanish", (r) => r.closedBy !== null);
    expect(row).toMatchObject({ closedBy: "client", closeCode: 1006 });
  });

  it(`leaks no file descriptors or connections over ${CYCLES} connect/abort cycles`, async () => {
    const pid = stack.gateway.proc.pid!;
    await settled(stack.gateway);
    const fdsBefore = countFds(pid);
    const outcomes = new Map<string, number>();

    let next = 0;
    const worker = async () => {
      while (next < CYCLES) {
        const mode = MODES[next++ % MODES.length]!;
        const outcome = await abortCycle(stack.gateway.port, mode);
        outcomes.set(`${mode}:${outcome}`, (outcomes.get(`${mode}:${outcome}`) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));

    // Every cycle that waited for the 101 must have got it, or the test measured nothing.
    expect(outcomes.get("after-101:upgraded")).toBe(CYCLES / MODES.length);
    expect(outcomes.get("after-101-with-frame:upgraded")).toBe(CYCLES / MODES.length);
    await settled(stack.gateway);
    await waitFor(() => stack.backend.sockets.size === 0, 5000);
    const fdsAfter = await waitFor(() => {
      const n = countFds(pid);
      return n <= fdsBefore + FD_SLACK ? n : 0;
    }, 5000).catch(() => countFds(pid));
    expect(fdsAfter - fdsBefore).toBeLessThanOrEqual(FD_SLACK);
    // And the gateway still works.
    const client = await openClient(stack.gateway.url("/echo?case=after-cycles"));
    expect((await roundTrip(client, "still here")).data.toString()).toBe("still here");
    client.close();
  }, 30_000);
});

/** Waits until the gateway reports no open connection. */
async function settled(gateway: GatewayProcess): Promise<void> {
  await waitFor(async () => (await gatewayHealth(gateway)).connections === 0, 5000, 50);
}

function countFds(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

/** One connection that is destroyed (no Close frame, no FIN wait) at the point `mode` names. */
function abortCycle(port: number, mode: (typeof MODES)[number]): Promise<"upgraded" | "aborted"> {
  const request =
    `GET /echo?cycle HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
    `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${randomBytes(16).toString("base64")}\r\n\r\n`;
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.on("error", reject);
    const abort = (outcome: "upgraded" | "aborted") => {
      socket.destroy();
      resolve(outcome);
    };
    socket.once("connect", () => {
      if (mode === "before-request") return abort("aborted");
      if (mode === "mid-request") {
        socket.write(request.slice(0, 40));
        return setImmediate(() => abort("aborted"));
      }
      socket.write(request);
      if (mode === "during-backend-handshake") return abort("aborted");
      let answer = "";
      socket.on("data", (d: Buffer) => {
        answer += d.toString("latin1");
        if (!answer.includes("\r\n\r\n")) return;
        if (!answer.startsWith("HTTP/1.1 101")) return reject(new Error(`unexpected answer: ${answer}`));
        if (mode === "after-101-with-frame") socket.write(maskedTextFrame("x"));
        abort("upgraded");
      });
    });
  });
}

function maskedTextFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  const mask = randomBytes(4);
  const frame = Buffer.alloc(6 + payload.length);
  frame[0] = 0x81;
  frame[1] = 0x80 | payload.length;
  mask.copy(frame, 2);
  for (let i = 0; i < payload.length; i++) frame[6 + i] = payload[i]! ^ mask[i % 4]!;
  return frame;
}
