/** The load client's commands and results: what run.ts asks load-client.ts over IPC, and what it answers. */

export interface Target {
  port: number;
  path: string;
}

/** Processes whose CPU time is read at the edges of a measurement window. */
export interface WatchedPids {
  proxy: number[];
  backend: number;
}

export interface ThroughputCommand {
  kind: "throughput";
  target: Target;
  conns: number;
  inflight: number;
  size: number;
  warmupMs: number;
  durationMs: number;
  pids: WatchedPids;
}

export interface ThroughputResult {
  echoes: number;
  seconds: number;
  /** CPU time in µs used during the window; `machine` is every process's (all cores). */
  cpu: CpuSample;
}

export interface CpuSample {
  proxy: number;
  /** Of `proxy`: the processes' main threads, and the native relay's thread (gateway only). */
  proxyMain: number;
  proxyRelay: number;
  backend: number;
  client: number;
  machine: number;
}

export interface LatencyCommand {
  kind: "latency";
  target: Target;
  size: number;
  warmupMs: number;
  durationMs: number;
}

export interface LatencyResult {
  samples: number;
  p50: number;
  p90: number;
  p99: number;
  mean: number;
}

export interface IdleOpenCommand {
  kind: "idle-open";
  target: Target;
  n: number;
  concurrency: number;
}

export interface IdleOpenResult {
  opened: number;
  failed: number;
  firstError: string | null;
  ms: number;
}

export interface IdleCloseCommand {
  kind: "idle-close";
}

export interface HandshakesCommand {
  kind: "handshakes";
  target: Target;
  /** Extra request headers (subscription key, Authorization). */
  headers: [string, string][];
  /** Handshakes in flight at once. */
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  pids: WatchedPids;
}

export interface HandshakesResult {
  /** 101 answers received in the window. */
  handshakes: number;
  seconds: number;
  /** Handshakes that did not end in a 101 (whole run, warm-up included). */
  failed: number;
  firstError: string | null;
  cpu: CpuSample;
}

/**
 * Per-message echo: `conns` connections, each keeping `inflight` echoes outstanding, and every
 * message sent with its own `write()` (as a WebSocket client's `send()` does), never batched.
 */
export interface MessageEchoCommand {
  kind: "message-echo";
  target: Target;
  conns: number;
  inflight: number;
  size: number;
  warmupMs: number;
  durationMs: number;
  pids: WatchedPids;
}

/**
 * Server-push fan-out: `conns` connections subscribe to a push session on the backend (through
 * the target), and a control connection straight to the backend (`backendPort`) starts it with
 * `rounds` broadcasts in flight; each round delivered to every connection releases the next.
 */
export interface FanOutCommand {
  kind: "fan-out";
  target: Target;
  backendPort: number;
  conns: number;
  rounds: number;
  size: number;
  warmupMs: number;
  durationMs: number;
  pids: WatchedPids;
}

/** A per-message window: messages (echo round trips, or pushes delivered) and their latency. */
export interface MessageWindowResult {
  messages: number;
  seconds: number;
  cpu: CpuSample;
  /** Round trip (echo) or backend write → client read (fan-out), µs; null without samples. */
  p50: number | null;
  p99: number | null;
  latencySamples: number;
}

export type ClientCommand = ThroughputCommand | LatencyCommand | IdleOpenCommand | IdleCloseCommand | HandshakesCommand | MessageEchoCommand | FanOutCommand;
