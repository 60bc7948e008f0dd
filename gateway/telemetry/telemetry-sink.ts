import type { ClosedBy } from "../tunnel/tunnel";

/**
 * One gateway log row (DESIGN §5, the `gateway_logs` columns): a handshake attempt, completed
 * with its connection's close. `HandshakeRecord` is one; every field is JSON-safe.
 */
export interface LogRow {
  readonly id: string;
  /** Epoch milliseconds of the handshake request. */
  readonly time: number;
  readonly gatewayId: string;
  readonly callerIp: string;
  readonly method: string;
  /** Request URL with secrets redacted. */
  readonly url: string;
  apiId: string | null;
  operationId: string | null;
  productId: string | null;
  subscriptionId: string | null;
  userId: string | null;
  responseCode: number;
  backendResponseCode: number | null;
  backendUrl: string | null;
  totalTime: number;
  backendTime: number | null;
  lastErrorReason: string | null;
  lastErrorMessage: string | null;
  lastErrorSource: string | null;
  traceId: string | null;
  /** Null until the connection closed (then the fields below are final). */
  closedAt: number | null;
  durationMs: number | null;
  closeCode: number | null;
  closeReason: string | null;
  closedBy: ClosedBy | null;
  messagesInbound: number;
  messagesOutbound: number;
  bytesInbound: number;
  bytesOutbound: number;
}

/**
 * What one API gained on this gateway process since the previous row for it (`metrics_minute`,
 * DESIGN §5). Counts add up into the minute's row; the peak is a maximum, `activeConnectionsLast`
 * and the latency fields (the minute so far, recomputed by the sender) replace what was there.
 */
export interface MinuteMetricRow {
  /** Epoch minutes (milliseconds / 60,000, floored). */
  minute: number;
  gatewayId: string;
  /** "" for attempts that matched no API. */
  apiId: string;
  attemptsSucceeded: number;
  attemptsFailed: number;
  /** Attempts by HTTP status code, e.g. {"101": 12, "401": 1}. */
  attemptsByCode: Record<string, number>;
  messagesInbound: number;
  messagesOutbound: number;
  bytesInbound: number;
  bytesOutbound: number;
  activeConnectionsPeak: number;
  activeConnectionsLast: number;
  /** Handshake latency percentiles of the minute so far (microseconds); null: no handshake yet this minute. */
  handshakeP50Us: number | null;
  handshakeP95Us: number | null;
  handshakeP99Us: number | null;
  /** The minute's latency histogram so far, sparse {"bucket": count} (latency-histogram.ts). */
  handshakeHistogram: Record<string, number>;
  logRowsDropped: number;
}

/** A gateway instance saying it is alive (DESIGN §6: host, version, configuration revision, open connections). */
export interface Heartbeat {
  gatewayId: string;
  host: string;
  version: string;
  /** Revision of the configuration in service; null before the first one. */
  revision: number | null;
  openConnections: number;
  /** Epoch milliseconds. */
  at: number;
}

/** An administrator's request to close one open connection (its log row id). */
export interface CloseRequest {
  id: string;
  /** The `gateway_logs` id of the connection. */
  logId: string;
  reason: string;
}

/** What became of a close request on this gateway. */
export type CloseOutcome = "closed" | "notFound";

/** The sink's state for /readyz and Prometheus. */
export interface TelemetryStatus {
  /** Log rows accepted and not yet written: queued plus in flight to the writer. */
  pending: number;
  /** Log rows dropped since start (bound reached, or a write failed for good). */
  dropped: number;
  /** Null while writes succeed; otherwise why they do not (e.g. "database is locked, retrying"). */
  failing: string | null;
}

/** What a telemetry sink tells the gateway; callbacks must return quickly and never throw. */
export interface TelemetryHandlers {
  /** A log row was dropped (counted per API in `portcullis_gateway_log_rows_dropped_total`). */
  onLogRowDropped(apiId: string | null): void;
  /** Close requests for this gateway arrived; answer each with `closeRequestDone`. */
  onCloseRequests(requests: readonly CloseRequest[]): void;
}

/**
 * The gateway's telemetry seam (DESIGN §6): log rows, per-minute metric rows, heartbeats and
 * close requests, written to SQLite by a worker thread or sent to the portal in batches. Every
 * method returns at once: nothing on the handshake path or the relay ever waits on it.
 *
 * Bounded queue: log rows accepted and not yet written (queued or in flight) never exceed the
 * sink's bound; past it a row is dropped and `onLogRowDropped` told. A store that is busy or
 * away is retried, not dropped, until the bound is reached.
 */
export interface TelemetrySink {
  /**
   * Starts the sink. Resolves when the first handshake may be logged (the embedded sink has
   * closed the rows of connections a previous run left open by then).
   */
  start(handlers: TelemetryHandlers): Promise<void>;
  /**
   * Queues the row's insert (first push) or its completion (push after the close fields were
   * set). The sink keeps the reference until it sends the row and reads the fields then, so a
   * row pushed again before it was sent goes once, with its newest fields. Never waits.
   */
  pushLog(row: LogRow): void;
  /** Queues per-minute rows (deltas since the previous call); never waits. */
  pushMinuteMetrics(rows: readonly MinuteMetricRow[]): void;
  /** Records that this instance is alive; never waits. */
  heartbeat(beat: Heartbeat): void;
  /** Reports what became of a close request delivered through `onCloseRequests`; never waits. */
  closeRequestDone(id: string, outcome: CloseOutcome): void;
  /** Current pending and dropped counts. */
  readonly status: TelemetryStatus;
  /** Writes or sends what is queued (waiting a bounded time for a busy store), then releases everything. */
  stop(): Promise<void>;
}
