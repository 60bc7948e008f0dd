/**
 * The database thread (a worker_threads Worker, started through bootstrap.mjs): every SQLite
 * read and write of the embedded gateway happens here, so the event loop that relays frames
 * never waits on the database (STYLE 16). It polls the configuration revision and posts new
 * rows, polls close requests, and writes log rows, per-minute rows, heartbeats and close
 * outcomes in the order they came. A write that meets a locked database (SQLITE_BUSY) is
 * tried again after a short pause, never dropped for it; the main thread's bounded queue
 * holds what arrives meanwhile.
 */
import { parentPort, workerData } from "node:worker_threads";
import { openDatabase, type Db } from "../../db/client";
import { loadInstanceSecrets } from "../../db/secrets";
import { readConfigRows, readRevision } from "../config/load-snapshot";
import { log } from "../log";
import { HeartbeatWriter } from "../telemetry/heartbeat-writer";
import { LogRowWriter } from "../telemetry/log-writer";
import { MinuteRowWriter } from "../telemetry/minute-rows-writer";
import { closeOrphanedConnections } from "../telemetry/orphaned-connections";
import { LogRetention } from "../telemetry/retention";
import type { CloseOutcome, Heartbeat, LogRow, MinuteMetricRow } from "../telemetry/telemetry-sink";
import { CloseRequestStore } from "../tunnel/close-request-store";
import { ConfigSectionDiffer } from "../config/changed-config-rows";
import type { DatabaseWorkerOptions, FromDatabaseWorker, ToDatabaseWorker } from "./messages";

type Job =
  | { kind: "logRows"; rows: LogRow[] }
  | { kind: "minuteRows"; rows: MinuteMetricRow[] }
  | { kind: "heartbeat"; beat: Heartbeat }
  | { kind: "closeRequestDone"; id: string; outcome: CloseOutcome; at: number }
  | { kind: "orphans" };

const options = workerData as DatabaseWorkerOptions;
const port = parentPort!;
const post = (message: FromDatabaseWorker) => port.postMessage(message);

// Writes through one connection, configuration and close requests read through a read-only one,
// both with a short busy timeout: a busy write is retried on a timer, so reads keep their turn.
const writer: Db = openDatabase(options.dbFile, { busyTimeoutMs: options.busyTimeoutMs });
const reader: Db = openDatabase(options.dbFile, { readonly: true, busyTimeoutMs: options.busyTimeoutMs });
const logRows = new LogRowWriter(writer.$client);
const minuteRows = new MinuteRowWriter(writer.$client);
const heartbeats = new HeartbeatWriter(writer.$client);
const closeRequests = new CloseRequestStore(reader.$client, writer.$client);
const retention = new LogRetention(writer, options.retentionDays);

const jobs: Job[] = [];
let retryTimer: NodeJS.Timeout | null = null;
let writeFailing: string | null = null;
let stopDeadline: number | null = null;

/** Whether SQLite refused for a lock another connection holds: worth retrying, not dropping. */
function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED"));
}

function run(job: Job): void {
  switch (job.kind) {
    case "logRows":
      return logRows.write(job.rows);
    case "minuteRows":
      return minuteRows.write(job.rows);
    case "heartbeat":
      return heartbeats.write(job.beat);
    case "closeRequestDone":
      closeRequests.markDone(job.id, job.outcome, job.at);
      delivered.delete(job.id);
      return;
    case "orphans": {
      const closed = closeOrphanedConnections(writer.$client, options.gatewayId, options.startedAt);
      if (closed > 0) log.info("connections left open by a previous run marked closed", { connections: closed });
      return;
    }
  }
}

/** The job is done with: tell the main thread what became of log rows. */
function settle(job: Job, written: boolean): void {
  if (job.kind === "logRows") post({ type: "logRowsDone", count: job.rows.length, dropped: written ? [] : job.rows.map((r) => r.apiId) });
}

function setWriteFailing(reason: string | null): void {
  if (reason === writeFailing) return;
  if (reason === null) log.info("gateway telemetry writes resumed");
  else log.warn("gateway telemetry writes waiting", { reason });
  writeFailing = reason;
  post({ type: "telemetryStatus", failing: reason });
}

/** Runs the queued jobs in order; a busy database pauses the queue and tries the same job again later. */
function drain(): void {
  retryTimer = null;
  while (jobs.length > 0) {
    const job = jobs[0]!;
    try {
      run(job);
    } catch (error) {
      if (isBusy(error) && (stopDeadline === null || Date.now() < stopDeadline)) {
        setWriteFailing(`database is locked by another connection, retrying: ${String(error)}`);
        retryTimer = setTimeout(drain, options.retryMs);
        return;
      }
      log.error("gateway telemetry write failed", { job: job.kind, error: String(error) });
      jobs.shift();
      settle(job, false);
      continue;
    }
    jobs.shift();
    settle(job, true);
  }
  setWriteFailing(null);
  if (stopDeadline !== null) finish();
}

function enqueue(job: Job): void {
  // Only the newest heartbeat matters: one still waiting behind a lock is replaced.
  if (job.kind === "heartbeat") {
    const waiting = jobs.findIndex((j, i) => i > 0 && j.kind === "heartbeat");
    if (waiting >= 0) jobs.splice(waiting, 1);
  }
  jobs.push(job);
  if (retryTimer === null && jobs.length === 1) drain();
}

let lastRevision: number | null = null;
/** What tells an unchanged section of the last rows sent. */
const differ = new ConfigSectionDiffer();
let configFailing: string | null | undefined;
let keyHashKey: string | null = null;
/** Close requests handed to the main thread and not yet marked done: not delivered twice. */
const delivered = new Set<string>();

function setConfigStatus(reason: string | null): void {
  if (reason === configFailing) return;
  configFailing = reason;
  post({ type: "configStatus", status: { readable: reason === null, reason } });
}

/** A `config` message was posted and the main thread has not applied it yet: the next waits (see FromDatabaseWorker). */
let configUnapplied = false;

function pollConfig(): void {
  if (configUnapplied) return;
  try {
    keyHashKey ??= loadInstanceSecrets(options.dbFile).keyHmacKey;
    if (readRevision(reader) !== lastRevision) {
      const readAt = Date.now();
      const rows = readConfigRows(reader, options.gatewayId);
      lastRevision = rows.revision;
      const changed = differ.diff(rows);
      configUnapplied = true;
      post({ type: "config", rows: changed, keyHashKey, readAt });
    }
    setConfigStatus(null);
  } catch (error) {
    setConfigStatus(String(error));
  }
}

function pollCloseRequests(): void {
  try {
    const requests = closeRequests.pendingFor(options.gatewayId).filter((r) => !delivered.has(r.id));
    if (requests.length === 0) return;
    for (const r of requests) delivered.add(r.id);
    post({ type: "closeRequests", requests });
  } catch (error) {
    log.warn("close requests unreadable", { error: String(error) });
  }
}

let pollTimer: NodeJS.Timeout | null = null;
function poll(): void {
  pollConfig();
  if (options.instanceJobs) pollCloseRequests();
  pollTimer = setTimeout(poll, options.pollMs);
}

function finish(): void {
  if (pollTimer) clearTimeout(pollTimer);
  if (retryTimer) clearTimeout(retryTimer);
  retention.stop();
  const dropped: (string | null)[] = [];
  for (const job of jobs.splice(0)) if (job.kind === "logRows") for (const row of job.rows) dropped.push(row.apiId);
  if (dropped.length > 0) log.error("gateway log rows not written before shutdown", { rows: dropped.length });
  for (const db of [writer, reader]) {
    try {
      db.$client.close();
    } catch {
      // closing is best effort at shutdown
    }
  }
  post({ type: "stopped", dropped });
  port.close();
}

port.on("message", (message: ToDatabaseWorker) => {
  switch (message.type) {
    case "logRows":
      return enqueue({ kind: "logRows", rows: message.rows });
    case "minuteRows":
      return enqueue({ kind: "minuteRows", rows: message.rows });
    case "heartbeat":
      return enqueue({ kind: "heartbeat", beat: message.beat });
    case "closeRequestDone":
      return enqueue({ kind: "closeRequestDone", id: message.id, outcome: message.outcome, at: message.at });
    case "configApplied":
      // Changes that landed while the main thread was busy go at once, not at the next poll.
      configUnapplied = false;
      if (stopDeadline === null) pollConfig();
      return;
    case "stop":
      stopDeadline = message.deadline;
      if (retryTimer !== null) {
        clearTimeout(retryTimer);
        drain();
      } else if (jobs.length === 0) finish();
      return;
  }
});

if (options.telemetry && options.instanceJobs) {
  enqueue({ kind: "orphans" });
  retention.start(options.retentionIntervalMs);
}
poll();
