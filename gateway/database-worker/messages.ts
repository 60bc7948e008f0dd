import type { ChangedConfigRows } from "../config/changed-config-rows";
import type { ConfigSourceStatus } from "../config/config-source";
import type { CloseOutcome, CloseRequest, Heartbeat, LogRow, MinuteMetricRow } from "../telemetry/telemetry-sink";

/** What the database thread is started with (its `workerData`). */
export interface DatabaseWorkerOptions {
  dbFile: string;
  gatewayId: string;
  /** How often the configuration revision and the close requests are polled. */
  pollMs: number;
  /** False (GATEWAY_TELEMETRY=off): no orphan closing and no retention pruning. */
  telemetry: boolean;
  /**
   * False in a cluster worker (gateway/cluster/): no orphan closing, retention pruning or
   * close-request polling, which the primary's thread does once for the whole instance (a
   * replacement worker would otherwise close its live siblings' rows as orphans).
   */
  instanceJobs: boolean;
  retentionDays: number;
  retentionIntervalMs: number;
  /** Rows of this gateway opened before this instant and never closed are left from a previous run. */
  startedAt: number;
  /** SQLite busy timeout of the thread's connections: short, because a busy write is retried, not waited on. */
  busyTimeoutMs: number;
  /** Delay before a write that met a locked database is tried again. */
  retryMs: number;
}

/** Main thread → database thread. */
export type ToDatabaseWorker =
  | { type: "logRows"; rows: LogRow[] }
  | { type: "minuteRows"; rows: MinuteMetricRow[] }
  | { type: "heartbeat"; beat: Heartbeat }
  | { type: "closeRequestDone"; id: string; outcome: CloseOutcome; at: number }
  /** The `config` message was applied: the thread may post the next (the newest rows by then). */
  | { type: "configApplied" }
  /** Write what is queued (retrying a busy database until `deadline`, epoch ms), close the connections, answer `stopped`. */
  | { type: "stop"; deadline: number };

/** Database thread → main thread. */
export type FromDatabaseWorker =
  /**
   * A configuration with a new revision; the key as base64. A section that is the same as in
   * the previous message is sent as null (the receiver keeps its copy): a change to one API
   * does not clone every subscription across threads. One at a time: the next is posted once
   * the main thread answers `configApplied`, so a main thread busy with relay work finds one
   * message waiting, with the newest rows, never a queue of stale revisions. `readAt`: when
   * the rows were read (epoch ms), for the log line that says how long they took to go live.
   */
  | { type: "config"; rows: ChangedConfigRows; keyHashKey: string; readAt: number }
  | { type: "configStatus"; status: ConfigSourceStatus }
  /** A `logRows` batch is settled: written, or dropped for good (their API ids). */
  | { type: "logRowsDone"; count: number; dropped: (string | null)[] }
  | { type: "telemetryStatus"; failing: string | null }
  | { type: "closeRequests"; requests: CloseRequest[] }
  /** Answer to `stop`: rows that could not be written before the deadline were dropped. */
  | { type: "stopped"; dropped: (string | null)[] };
