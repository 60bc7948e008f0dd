import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { TrafficCounters } from "../tunnel/tunnel";
import { newLatencyHistogram, recordLatency } from "./latency-histogram";

/** Live totals for one API on this gateway; tunnels add to the traffic fields directly. */
export interface ApiTotals extends TrafficCounters {
  api: string;
  active: number;
  /** Most connections open at once since the last per-minute flush (which resets it to `active`). */
  peak: number;
  /** Attempts by response code. */
  attempts: Map<number, number>;
  /** Handshake latencies since the last per-minute flush (latency-histogram.ts). */
  latency: Uint32Array;
  /** Log rows of this API dropped because the log queue was full, since start. */
  logRowsDropped: number;
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
  /** Checks the shared counter store (Redis) could not answer, since start. */
  private readonly counterStore = { errors: 0 };

  constructor(
    readonly gatewayId: string,
    /** The telemetry sink's queue, read when scraped. */
    telemetryStatus: () => { pending: number } = () => ({ pending: 0 }),
  ) {
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
    /** A counter of inbound and outbound amounts per API, read from the live totals when scraped. */
    const directionCounter = (name: string, help: string, inbound: (t: ApiTotals) => number, outbound: (t: ApiTotals) => number) =>
      new Counter({
        name,
        help,
        labelNames: ["api", "gateway", "direction"] as const,
        registers,
        collect() {
          this.reset();
          for (const t of totals.values()) {
            this.inc({ api: t.api, gateway, direction: "inbound" }, inbound(t));
            this.inc({ api: t.api, gateway, direction: "outbound" }, outbound(t));
          }
        },
      });
    directionCounter(
      "portcullis_websocket_messages_total",
      "Whole WebSocket messages relayed (fragments counted once, control frames not counted). Inbound is client to backend.",
      (t) => t.messagesInbound,
      (t) => t.messagesOutbound,
    );
    directionCounter(
      "portcullis_websocket_bytes_total",
      "Bytes relayed after the handshake, as on the wire. Inbound is client to backend.",
      (t) => t.bytesInbound,
      (t) => t.bytesOutbound,
    );
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
    new Counter({
      name: "portcullis_gateway_log_rows_dropped_total",
      help: "Gateway log rows (handshake attempts or their completions) dropped because the log queue was full.",
      labelNames: ["api", "gateway"] as const,
      registers,
      collect() {
        this.reset();
        for (const t of totals.values()) if (t.logRowsDropped !== 0) this.inc({ api: t.api, gateway }, t.logRowsDropped);
      },
    });
    new Gauge({
      name: "portcullis_gateway_log_rows_pending",
      help: "Gateway log rows accepted and not yet written (queued, or in flight to the writer).",
      labelNames: ["gateway"] as const,
      registers,
      collect() {
        this.set({ gateway }, telemetryStatus().pending);
      },
    });
    const counterStore = this.counterStore;
    new Counter({
      name: "portcullis_counter_store_errors_total",
      help: "Rate-limit and quota checks the shared counter store (Redis) could not answer; each let the handshake through or refused it with 503, per GATEWAY_COUNTERS_ON_ERROR.",
      labelNames: ["gateway"] as const,
      registers,
      collect() {
        this.reset();
        this.inc({ gateway }, counterStore.errors);
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
      t = {
        api: apiId,
        active: 0,
        peak: 0,
        attempts: new Map(),
        latency: newLatencyHistogram(),
        logRowsDropped: 0,
        messagesInbound: 0,
        messagesOutbound: 0,
        bytesInbound: 0,
        bytesOutbound: 0,
      };
      this.totals.set(apiId, t);
    }
    return t;
  }

  /**
   * Records a decided handshake. A 101 is recorded right after its connection was counted in
   * `active` (same tick), so the peak is kept here.
   */
  attempt(totals: ApiTotals, code: number, seconds: number): void {
    totals.attempts.set(code, (totals.attempts.get(code) ?? 0) + 1);
    if (totals.active > totals.peak) totals.peak = totals.active;
    recordLatency(totals.latency, seconds * 1_000_000);
    this.handshakeDuration.observe({ api: totals.api, gateway: this.gatewayId }, seconds);
  }

  /** Counts a rate-limit or quota check the shared counter store could not answer. */
  counterStoreError(): void {
    this.counterStore.errors++;
  }

  /** Counts a log row the writer had to drop (full queue or failed batch). */
  logRowDropped(apiId: string | null): void {
    this.forApi(apiId ?? NO_API).logRowsDropped++;
  }

  all(): IterableIterator<ApiTotals> {
    return this.totals.values();
  }
}
