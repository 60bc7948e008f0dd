// Loaded into the gateway by run.ts (NODE_OPTIONS=--import ...) when asked for a CPU profile
// or V8 flags: Node refuses --cpu-prof and most V8 flags (--trace-gc...) in NODE_OPTIONS.
//   BENCH_V8_FLAGS="--trace-gc ..."  set with v8.setFlagsFromString before the gateway loads;
//   BENCH_ELD_MS=500                 every 500 ms, the main thread's event-loop delay (p50/p99/max,
//                                    ms) on stderr (with --gateway-log FILE, in FILE): how long
//                                    timers and deferred work waited behind socket work.
//   BENCH_CPU_PROF_DIR=DIR           profile the whole process, write DIR/gateway-<pid>.cpuprofile
//                                    on exit (Chrome DevTools, or tests/bench/cpu-profile-top.ts).
import { mkdirSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { join } from "node:path";
import process from "node:process";
import { setInterval } from "node:timers";
import v8 from "node:v8";
import { isMainThread } from "node:worker_threads";

if (process.env.BENCH_ELD_MS && isMainThread) {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  setInterval(() => {
    process.stderr.write(`event-loop delay ${new Date().toISOString()} p50 ${(h.percentile(50) / 1e6).toFixed(1)} p99 ${(h.percentile(99) / 1e6).toFixed(1)} max ${(h.max / 1e6).toFixed(1)}\n`);
    h.reset();
  }, Number(process.env.BENCH_ELD_MS)).unref();
}
if (process.env.BENCH_V8_FLAGS) v8.setFlagsFromString(process.env.BENCH_V8_FLAGS);

const dir = process.env.BENCH_CPU_PROF_DIR;
// The main thread only: the gateway's database thread shares the pid and would overwrite its profile.
if (dir && isMainThread) {
  const session = new Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.setSamplingInterval", { interval: Number(process.env.BENCH_CPU_PROF_INTERVAL_US ?? 500) });
  session.post("Profiler.start");
  process.on("exit", () => {
    // An in-thread session answers synchronously, so this completes before the process ends.
    session.post("Profiler.stop", (error, result) => {
      if (error) return;
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `gateway-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
