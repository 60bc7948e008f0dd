/**
 * GATEWAY_TELEMETRY=off (README, Configuration: "writes no log or per-minute rows", for
 * measuring what telemetry costs): the gateway proxies as ever and Prometheus still counts,
 * but neither a log row nor a per-minute row reaches the database, not even at shutdown.
 */
import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import { useEchoStack } from "../../helpers/echo-stack";
import { promValue, scrapeGateway } from "../../helpers/prometheus-text";

const stack = useEchoStack({ GATEWAY_TELEMETRY: "off", GATEWAY_LOG_FLUSH_MS: "50", GATEWAY_METRICS_FLUSH_MS: "50" });

describe("GATEWAY_TELEMETRY=off", () => {
  it("relays and counts in Prometheus, and writes no log row and no per-minute row", async () => {
    const { gateway, temp } = stack;
    const ws = new WebSocket(gateway.url("/echo?quiet=1"));
    await new Promise((resolve, reject) => {
      ws.once("open", resolve);
      ws.once("error", reject);
    });
    const echoed = new Promise<string>((resolve) => ws.once("message", (data) => resolve(String(data))));
    ws.send("hello");
    expect(await echoed).toBe("hello");
    const closed = new Promise((resolve) => ws.once("close", resolve));
    ws.close(1000);
    await closed;

    const samples = await scrapeGateway(gateway.adminPort);
    expect(promValue(samples, "portcullis_websocket_messages_total", { api: "echo", gateway: "managed", direction: "outbound" })).toBe(1);
    // Many flush periods later, and after the shutdown that writes what is queued: nothing.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await gateway.stop()).toBe(0);
    const count = (table: string) => (temp.db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    expect({ logs: count("gateway_logs"), minutes: count("metrics_minute") }).toEqual({ logs: 0, minutes: 0 });
  });
});
