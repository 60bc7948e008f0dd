/**
 * What a gateway's primary and its workers say to each other over the cluster IPC channel
 * (advanced serialization: typed arrays, Maps and Infinity arrive as sent). Counter calls have
 * their own batched messages (policies/counters/ipc-counter-store.ts).
 */
import type { Registry } from "prom-client";
import type { GatewayStatus } from "../gateway";
import type { ChangedConfigRows } from "../config/changed-config-rows";
import type { ConfigSourceStatus } from "../config/config-source";
import type { TelemetryLogRow } from "../remote/protocol";
import type { CloseRequest } from "../telemetry/telemetry-sink";
import type { ApiTotalsReport } from "./cluster-totals";

/** The primary's questions, each answered once by the worker it was sent to. */
export interface Questions {
  status: { ask: Record<string, never>; answer: GatewayStatus & { pid: number } };
  /** The worker's registry as prom-client's getMetricsAsJSON gives it, for AggregatorRegistry.aggregate. */
  metrics: { ask: Record<string, never>; answer: Awaited<ReturnType<Registry["getMetricsAsJSON"]>> };
  totals: { ask: Record<string, never>; answer: ApiTotalsReport[] };
  /** Close requests: the worker closes those open on it and answers their log ids. */
  close: { ask: { requests: CloseRequest[] }; answer: string[] };
}
export type QuestionKind = keyof Questions;

/** Primary → worker: a question. */
export interface AskMessage<K extends QuestionKind = QuestionKind> {
  type: "portcullis:ask";
  id: number;
  kind: K;
  ask: Questions[K]["ask"];
}

/** Worker → primary: the answer to question `id`. */
export interface AnswerMessage {
  type: "portcullis:answer";
  id: number;
  answer: unknown;
}

/** Worker → primary: the client listener is up (every worker shares the primary's handle for `port`). */
export interface ListeningMessage {
  type: "portcullis:listening";
  port: number;
}

/** Primary → worker: stop accepting, drain as after SIGTERM, then exit. */
export interface DrainMessage {
  type: "portcullis:drain";
}

/** Worker → primary, just before it exits after a drain: its last totals, for the last per-minute rows. */
export interface DrainedMessage {
  type: "portcullis:drained";
  totals: ApiTotalsReport[];
}

/**
 * Worker → primary (self-hosted gateway): send me the configuration. A worker asks when its
 * forwarded source starts, so a new worker gets the current one at once.
 */
export interface ConfigWantedMessage {
  type: "portcullis:config-wanted";
}

/**
 * Primary → worker (self-hosted gateway): the configuration the primary's one RemoteConfigSource
 * delivered (`config`, absent when it has none yet) and its status. JSON-safe: the HMAC key as base64.
 * The answer to `config-wanted` has every section; later ones leave out (null) the sections that
 * did not change since the previous one, so a change to one API does not send every
 * subscription into each worker's relaying thread.
 */
export interface ConfigMessage {
  type: "portcullis:config";
  config?: { rows: ChangedConfigRows; keyHashKey: string };
  status: ConfigSourceStatus;
}

/** Worker → primary (self-hosted gateway): log rows (inserts or completions, copied when sent) for the primary's portal sink. */
export interface LogRowsMessage {
  type: "portcullis:log-rows";
  rows: TelemetryLogRow[];
}

/** True when `message` is an object with `type` equal to `type` (messages from other modules, prom-client's, pass by). */
export function isMessage<T extends { type: string }>(message: unknown, type: T["type"]): message is T {
  return typeof message === "object" && message !== null && (message as { type?: unknown }).type === type;
}
