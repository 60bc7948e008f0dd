import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { TrafficCounters } from "../tunnel/tunnel";

/** Live totals for one API on this gateway; tunnels add to the traffic fields directly. */
export interface ApiTotals extends TrafficCounters {
  api: string;
  active: number;
  /** Attempts by response code. */
  attempts: Map<number, number>;
}

/** Label used for attempts that matched no API. */
export const NO_API = "";

/**
 * The gateway's counters: plain numbers on the hot path, turned into Prometheus series
 * (DESIGN.md §5 names, `api` and `gateway` labels) only when scraped.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly totals = new Map<string, ApiTotals>();
  private readonly handshakeDuration: Histogram<"api" | "gateway">;

  constructor(readonly gatewayId: string) {
    const totals = this.totals;
    const gateway = gatewayId;
    const registers = [this.registry];
    new Counter({
      name: "portcullis_websocket_connection_attempts_total",
      help: "WebSocket handshake attempts by result and HTTP status code.",
      labelNames: ["api", "gateway", "state", "code"] as const,
      registers,
      collect() {
        this.reset();
        for (const t of totals.values())
          for (const [code, n] of t.attempts) this.inc({ api: t.api, gateway, state: code === 101 ? "succeeded" : "failed", code: String(code) }, n);
      },
    });
    new Counter({
      name: "portcullis_websocket_messages_total",
      help: "Whole WebSocket messages relayed (fragments counted once, control frames not counted). Inbound is client to backend.",
      labelNames: ["api", "gateway", "direction"] as const,
      registers,
      collect() {
        this.reset();
        for (const t of totals.values()) {
          this.inc({ api: t.api, gateway, direction: "inbound" }, t.messagesInbound);
          this.inc({ api: t.api, gateway, direction: "outbound" }, t.messagesOutbound);
        }
      },
    });
    new Counter({
      name: "portcullis_websocket_bytes_total",
      help: "Bytes relayed after the handshake, as on the wire. Inbound is client to backend.",
      labelNames: ["api", "gateway", "direction"] as const,
      registers,
      collect() {
        this.reset();
        for (const t of totals.values()) {
          this.inc({ api: t.api, gateway, direction: "inbound" }, t.bytesInbound);
          this.inc({ api: t.api, gateway, direction: "outbound" }, t.bytesOutbound);
        }
      },
    });
    new Gauge({
      name: "portcullis_websocket_active_connections",
      help: "WebSocket connections open through the gateway.",
      labelNames: ["api", "gateway"] as const,
      registers,
      collect() {
        this.reset();
        for (const t of totals.values()) if (t.api !== NO_API) this.set({ api: t.api, gateway }, t.active);
      },
    });
    this.handshakeDuration = new Histogram({
      name: "portcullis_handshake_duration_seconds",
      help: "Time from the client's handshake request to the gateway's answer.",
      labelNames: ["api", "gateway"] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
  }

  /** The totals object for an API (created on first use). */
  forApi(apiId: string): ApiTotals {
    let t = this.totals.get(apiId);
    if (t === undefined) {
      t = { api: apiId, active: 0, attempts: new Map(), messagesInbound: 0, messagesOutbound: 0, bytesInbound: 0, bytesOutbound: 0 };
      this.totals.set(apiId, t);
    }
    return t;
  }

  /** Records a decided handshake. */
  attempt(totals: ApiTotals, code: number, seconds: number): void {
    totals.attempts.set(code, (totals.attempts.get(code) ?? 0) + 1);
    this.handshakeDuration.observe({ api: totals.api, gateway: this.gatewayId }, seconds);
  }

  all(): IterableIterator<ApiTotals> {
    return this.totals.values();
  }
}
