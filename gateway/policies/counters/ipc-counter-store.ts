/**
 * Counters exact across the workers of one gateway without Redis (DESIGN.md §6): the primary
 * holds the one MemoryCounterStore; each worker's IpcCounterStore asks it over the cluster IPC
 * channel and awaits the answer.
 *
 * Requests are pipelined and batched: every call gets an id and joins the batch of the current
 * event-loop turn, sent as one message once the turn's I/O callbacks have run (setImmediate), so
 * 90 handshakes read in one turn cost one message each way, and no call waits for an earlier
 * one's answer. The primary answers a batch synchronously, in order, with the answers keyed by
 * id. A call the primary has not answered within `timeoutMs`, or while the channel is gone, is
 * let through (fail open, as a shared store that cannot be reached: DESIGN.md §6) and counted.
 */
import type { CounterStore, QuotaLimit, QuotaResult, RateLimitResult } from "../policy";
import type { MemoryCounterStore } from "./memory-counter-store";

/** One counter call: [id, "hit", key, limit, windowMs, now, increment] or [id, "quota", key, limit, now, calls, bytes]. */
export type CounterRequest =
  | [id: number, op: "hit", key: string, limit: number, windowMs: number, now: number, increment: number]
  | [id: number, op: "quota", key: string, limit: QuotaLimit, now: number, calls: number, bytes: number];

/** A worker's batch of counter calls. */
export interface CounterBatch {
  type: "portcullis:counters";
  requests: CounterRequest[];
}

/** The primary's answers to one batch, in request order. */
export interface CounterAnswers {
  type: "portcullis:counters-answers";
  answers: [id: number, result: RateLimitResult | QuotaResult][];
}

/** The worker's side of the IPC channel (process.send in a cluster worker). */
export interface CounterChannel {
  /** Sends a message; false when the channel is gone. */
  send(message: CounterBatch): boolean;
}

export interface IpcCounterStoreOptions {
  /** How long a call waits for the primary before it is let through; default 5 s. */
  timeoutMs?: number;
  /** Runs the batch flush after the current turn's I/O; default setImmediate. */
  defer?: (flush: () => void) => void;
  /** Told once per burst of unanswered calls (the caller logs it). */
  onFailOpen?: (reason: string, count: number) => void;
}

interface Pending {
  resolve: (result: RateLimitResult | QuotaResult) => void;
  failOpen: () => RateLimitResult | QuotaResult;
  timer: ReturnType<typeof setTimeout>;
}

/** A CounterStore whose counts live in the cluster's primary; every answer is a promise. */
export class IpcCounterStore implements CounterStore {
  private nextId = 1;
  private batch: CounterRequest[] = [];
  private readonly pending = new Map<number, Pending>();
  private readonly timeoutMs: number;
  private readonly defer: (flush: () => void) => void;
  private readonly onFailOpen: (reason: string, count: number) => void;
  private closed = false;
  /** A failure was reported and no answer came since: the burst is already told. */
  private reported = false;
  /** Calls let through because the primary did not answer, since start. */
  failedOpen = 0;

  constructor(
    private readonly channel: CounterChannel,
    options: IpcCounterStoreOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.defer = options.defer ?? ((flush) => setImmediate(flush));
    this.onFailOpen = options.onFailOpen ?? (() => {});
  }

  hit(key: string, limit: number, windowMs: number, now: number, increment: number): Promise<RateLimitResult> {
    return this.ask(
      (id) => [id, "hit", key, limit, windowMs, now, increment],
      () => ({ allowed: true, remaining: Math.max(0, limit - Math.max(0, increment)), retryAfterMs: 0 }),
    ) as Promise<RateLimitResult>;
  }

  quota(key: string, limit: QuotaLimit, now: number, calls: number, bytes: number): Promise<QuotaResult> {
    return this.ask(
      (id) => [id, "quota", key, limit, now, calls, bytes],
      () => ({ allowed: true, exceeded: null, renewsInMs: limit.periodMs > 0 ? limit.periodMs : Infinity }),
    ) as Promise<QuotaResult>;
  }

  /** Settles the calls a CounterAnswers message answers; other messages are ignored. Returns true when it was one. */
  receive(message: unknown): boolean {
    if (!isCounterAnswers(message)) return false;
    this.reported = false;
    for (const [id, result] of message.answers) {
      const call = this.pending.get(id);
      if (call === undefined) continue; // timed out meanwhile
      this.pending.delete(id);
      clearTimeout(call.timer);
      call.resolve(result);
    }
    return true;
  }

  /** The channel is gone (primary exited): every waiting and later call is let through. */
  close(reason = "the gateway's primary process is gone"): void {
    if (this.closed) return;
    this.closed = true;
    this.failAll(reason);
  }

  /** Calls waiting for an answer, for tests and status. */
  get waiting(): number {
    return this.pending.size;
  }

  private ask(request: (id: number) => CounterRequest, failOpen: () => RateLimitResult | QuotaResult): Promise<RateLimitResult | QuotaResult> {
    if (this.closed) {
      this.failedOpen++;
      return Promise.resolve(failOpen());
    }
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.timeOut(id), this.timeoutMs);
      this.pending.set(id, { resolve, failOpen, timer });
      if (this.batch.length === 0) this.defer(() => this.flush());
      this.batch.push(request(id));
    });
  }

  private flush(): void {
    const requests = this.batch;
    this.batch = [];
    if (requests.length === 0) return;
    let sent: boolean;
    try {
      sent = this.channel.send({ type: "portcullis:counters", requests });
    } catch {
      sent = false;
    }
    if (!sent) this.close("the IPC channel to the gateway's primary process is closed");
  }

  private timeOut(id: number): void {
    const call = this.pending.get(id);
    if (call === undefined) return;
    this.pending.delete(id);
    this.failedOpen++;
    this.report(`no answer from the gateway's primary within ${this.timeoutMs} ms`);
    call.resolve(call.failOpen());
  }

  /** Tells the owner once per burst of failures (until an answer arrives again). */
  private report(reason: string): void {
    if (this.reported) return;
    this.reported = true;
    this.onFailOpen(reason, this.failedOpen);
  }

  private failAll(reason: string): void {
    const calls = [...this.pending.values()];
    this.pending.clear();
    this.batch = [];
    this.failedOpen += calls.length;
    if (calls.length > 0) this.report(reason);
    for (const call of calls) {
      clearTimeout(call.timer);
      call.resolve(call.failOpen());
    }
  }
}

/** The primary's side: runs a worker's batch against the one store, answers in request order. */
export function answerCounterBatch(store: Pick<MemoryCounterStore, "hit" | "quota">, batch: CounterBatch): CounterAnswers {
  const answers: CounterAnswers["answers"] = [];
  for (const request of batch.requests) {
    if (request[1] === "hit") {
      const [id, , key, limit, windowMs, now, increment] = request;
      answers.push([id, store.hit(key, limit, windowMs, now, increment)]);
    } else {
      const [id, , key, limit, now, calls, bytes] = request;
      answers.push([id, store.quota(key, limit, now, calls, bytes)]);
    }
  }
  return { type: "portcullis:counters-answers", answers };
}

/** True for a worker's batch of counter calls. */
export function isCounterBatch(message: unknown): message is CounterBatch {
  return typeof message === "object" && message !== null && (message as { type?: unknown }).type === "portcullis:counters";
}

function isCounterAnswers(message: unknown): message is CounterAnswers {
  return typeof message === "object" && message !== null && (message as { type?: unknown }).type === "portcullis:counters-answers";
}
