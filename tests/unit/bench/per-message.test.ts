import { describe, expect, it } from "vitest";
import { formatMessageTables, messageMedians, MESSAGE_WORKLOADS, type MessageSample, type StormSample } from "../../bench/per-message";

const echo = MESSAGE_WORKLOADS.find((w) => w.id === "echo-50x10")!;
const fanOut = MESSAGE_WORKLOADS.find((w) => w.id === "fan-out-1000")!;

function sample(run: number, target: MessageSample["target"], workload: string, msgsPerSec: number, proxyCpuPerMsg: number | null, p50: number, p99: number): MessageSample {
  return { run, target, workload, size: 64, msgsPerSec, proxyCpuPerMsg, p50, p99, othersPercent: 0 };
}

describe("per-message medians", () => {
  it("takes each figure's median over the runs of one target, workload and size only", () => {
    const samples = [
      sample(1, "nginx", "echo-50x10", 100, 4, 10, 30),
      sample(2, "nginx", "echo-50x10", 300, 2, 30, 90),
      sample(3, "nginx", "echo-50x10", 200, 3, 20, 60),
      sample(1, "gateway", "echo-50x10", 999, 9, 99, 999),
      { ...sample(1, "nginx", "echo-50x10", 5000, 1, 1, 1), size: 4096 },
    ];
    expect(messageMedians(samples, "nginx", "echo-50x10", 64)).toEqual({ msgsPerSec: 200, proxyCpuPerMsg: 3, p50: 20, p99: 60 });
  });

  it("has no CPU figure for DIRECT, which has no proxy", () => {
    expect(messageMedians([sample(1, "direct", "echo-50x10", 100, null, 1, 2)], "direct", "echo-50x10", 64).proxyCpuPerMsg).toBeNull();
  });
});

describe("the per-message tables", () => {
  it("prints msgs/s with the gateway's and the pipe's ratios, CPU per message without DIRECT, latency and the storm", () => {
    const samples = [
      sample(1, "direct", "echo-50x10", 60_000, null, 100, 300),
      sample(1, "nginx", "echo-50x10", 50_000, 4, 120, 400),
      sample(1, "node-pipe", "echo-50x10", 45_000, 6, 130, 500),
      sample(1, "gateway", "echo-50x10", 40_000, 8, 150, 600),
      sample(1, "direct", "fan-out-1000", 80_000, null, 900, 2000),
      sample(1, "nginx", "fan-out-1000", 70_000, 3, 1000, 2500),
      sample(1, "node-pipe", "fan-out-1000", 35_000, 7, 1100, 2600),
      sample(1, "gateway", "fan-out-1000", 77_000, 2.5, 950, 2100),
    ];
    const storms: StormSample[] = [
      { run: 1, target: "direct", perSec: 5000, proxyCpuPerHandshake: null, threadsPerHandshake: null, failed: 0 },
      { run: 1, target: "nginx", perSec: 3000, proxyCpuPerHandshake: 200, threadsPerHandshake: { main: 200, relay: 0, other: 0 }, failed: 0 },
      { run: 1, target: "node-pipe", perSec: 2800, proxyCpuPerHandshake: 250, threadsPerHandshake: { main: 210, relay: 0, other: 40 }, failed: 0 },
      { run: 1, target: "gateway", perSec: 2400, proxyCpuPerHandshake: 400, threadsPerHandshake: { main: 250, relay: 60, other: 90 }, failed: 0 },
    ];
    const text = formatMessageTables(samples, storms, { targets: ["direct", "nginx", "node-pipe", "gateway"], workloads: [echo, fanOut], sizes: [64], stormConcurrency: 50 });
    expect(text.split("\n")).toEqual([
      "Per message (the headline): every message its own write; medians of the runs.",
      "msgs/s (echo: round trips/s; fan-out: pushes delivered/s):",
      "                       DIRECT   NGINX  NODE-PIPE  GATEWAY  GW/NGINX  PIPE/NGINX  GW/DIRECT",
      "---------------------  ------  ------  ---------  -------  --------  ----------  ---------",
      "echo 50x10 64 B        60,000  50,000     45,000   40,000     0.80x       0.90x      0.67x",
      "fan-out to 1,000 64 B  80,000  70,000     35,000   77,000     1.10x       0.50x      0.96x",
      "",
      "proxy CPU us/msg (all of the proxy's processes; an echo is 2 relayed messages, a push 1):",
      "                       NGINX  NODE-PIPE  GATEWAY  GW/NGINX  PIPE/NGINX",
      "---------------------  -----  ---------  -------  --------  ----------",
      "echo 50x10 64 B         4.00       6.00     8.00     2.00x       1.50x",
      "fan-out to 1,000 64 B   3.00       7.00     2.50     0.83x       2.33x",
      "",
      "latency p50 / p99 us (echo: round trip under that load; fan-out: backend write -> client read):",
      "                            DIRECT          NGINX      NODE-PIPE      GATEWAY",
      "---------------------  -----------  -------------  -------------  -----------",
      "echo 50x10 64 B          100 / 300      120 / 400      130 / 500    150 / 600",
      "fan-out to 1,000 64 B  900 / 2,000  1,000 / 2,500  1,100 / 2,600  950 / 2,100",
      "",
      "Reconnect storm: open, 101, close, 50 in flight, no policies:",
      "                        DIRECT  NGINX  NODE-PIPE  GATEWAY  GW/NGINX",
      "----------------------  ------  -----  ---------  -------  --------",
      "handshakes/s             5,000  3,000      2,800    2,400     0.80x",
      "proxy CPU us/handshake     n/a    200        250      400     2.00x",
      "  main thread              n/a    200        210      250     1.25x",
      "  native relay thread      n/a      0          0       60         -",
      "  other threads            n/a      0         40       90         -",
      "  (other threads: Node's workers such as the gateway's database thread, and V8's and libuv's pools)",
    ]);
  });

  it("leaves out the columns and ratios of targets not measured", () => {
    const samples = [sample(1, "nginx", "echo-50x10", 50_000, 4, 120, 400), sample(1, "gateway", "echo-50x10", 40_000, 8, 150, 600)];
    const lines = formatMessageTables(samples, [], { targets: ["nginx", "gateway"], workloads: [echo], sizes: [64], stormConcurrency: 50 }).split("\n");
    expect(lines[2]).toBe("                  NGINX  GATEWAY  GW/NGINX");
    expect(lines[4]).toBe("echo 50x10 64 B  50,000   40,000     0.80x");
    expect(lines.some((l) => l.startsWith("Reconnect storm"))).toBe(false);
  });
});
