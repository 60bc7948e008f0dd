import { describe, expect, it } from "vitest";
import { useEchoStack } from "../../helpers/echo-stack";
import WebSocket from "ws";
import { waitFor } from "../../helpers/gateway-process";

const stack = useEchoStack({ GATEWAY_METRICS_FLUSH_MS: "100" });

interface MinuteSums {
  succeeded: number;
  failed: number;
  messages_inbound: number;
  messages_outbound: number;
  bytes_inbound: number;
  bytes_outbound: number;
}

describe("per-minute metrics", () => {
  it("sum to exactly the traffic relayed, per API", async () => {
    for (let c = 0; c < 3; c++) {
      const ws = new WebSocket(stack.gateway.url("/echo"));
      await new Promise((r) => ws.once("open", r));
      for (let i = 0; i < 4; i++) {
        ws.send("x".repeat(10)); // masked client frame: 2 + 4 + 10 = 16 bytes; echo: 2 + 10 = 12 bytes
        await new Promise((r) => ws.once("message", r));
      }
      ws.close(1000); // close frames: client 2 + 4 + 2 = 8 bytes, backend 2 + 2 = 4 bytes
      await new Promise((r) => ws.once("close", r));
    }
    await new Promise((resolve) => {
      const refused = new WebSocket(stack.gateway.url("/nope"));
      refused.on("error", resolve);
    });
    const sums = await waitFor(() => {
      const row = stack.temp.db.$client
        .prepare(
          `SELECT SUM(attempts_succeeded) succeeded, SUM(attempts_failed) failed, SUM(messages_inbound) messages_inbound,
             SUM(messages_outbound) messages_outbound, SUM(bytes_inbound) bytes_inbound, SUM(bytes_outbound) bytes_outbound
           FROM metrics_minute WHERE api_id = 'echo'`,
        )
        .get() as MinuteSums;
      return row.bytes_outbound === 3 * (4 * 12 + 4) ? row : null;
    }, 5000);
    expect(sums).toEqual({
      succeeded: 3,
      failed: 0,
      messages_inbound: 12,
      messages_outbound: 12,
      bytes_inbound: 3 * (4 * 16 + 8),
      bytes_outbound: 3 * (4 * 12 + 4),
    });
    const unrouted = await waitFor(
      () => stack.temp.db.$client.prepare("SELECT attempts_by_code FROM metrics_minute WHERE api_id = ''").get() as { attempts_by_code: string } | undefined,
    );
    expect(JSON.parse(unrouted.attempts_by_code)).toEqual({ "404": 1 });
  });
});
