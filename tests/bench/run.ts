/**
 * `npm run bench`: the gateway against nginx and against no proxy at all, in one run.
 *
 * The headline is per message (per-message.ts): echo with every message its own write (50 x 10
 * in flight and 1,000 x 1), a server-push fan-out to 1,000 connections, at 64 B, 4 KiB and 64 KiB,
 * through DIRECT, nginx (one worker), NODE-PIPE (a bare `net` relay: the floor of a stream-based
 * JS relay) and the gateway (GATEWAY_WORKERS=1), plus a reconnect storm (handshakes/s, 50 in
 * flight). Options: --workloads echo-50x10,echo-1000x1,fan-out-1000 --message-sizes 64,4096,65536
 * --message-targets direct,nginx,node-pipe,gateway --storm-concurrency 50 --skip-messages
 * --skip-batched (only the per-message tables).
 *
 * The secondary, batched workload (ten frames per write) and everything below follow.
 * Processes: this orchestrator (idle while measuring), a raw echo backend and a raw load
 * client (each forked, so neither shares a core's time with the other), and per repetition
 * a fresh nginx (one worker) and a fresh gateway (`startGateway`, temp database, one API).
 * Repetitions are interleaved (direct, nginx, gateway, direct, ...) and medians reported.
 * The gateway's repetition also measures its policies against itself, in the same process:
 * messages/s through an API with message limits (limit-message-size, rate-limit-messages with a
 * huge limit, idle-timeout: nothing is closed) against the plain API, and handshakes/s through
 * the full pipeline (subscription key, validate-jwt HS256, rate-limit-by-key with a huge limit)
 * against the API without policies. Each is checked to be in effect first (a 1009 close, a 401
 * without a token); when it is not, the table says so instead of showing a meaningless figure.
 * Options: --runs N --duration S --warmup S --latency S --conns N --inflight N --idle N
 * --sizes 64,4096 --targets direct,nginx,gateway --json FILE --cpu-prof DIR --quick,
 * --skip-policies (no policy measurements), --skip-telemetry (no logging/metrics on vs off),
 * --skip-redis (no rate-limit-by-key on Redis vs in memory; otherwise a redis-server is started),
 * --skip-churn (no churn under load), --churn-conns N (default 2000, quick 500) --churn-rate N
 * (messages/s per connection, 10) --churn-apis N (new APIs timed one by one, default 50, quick 20),
 * --handshake-concurrency N (default 16), --workers N (also compare 1 and N gateway workers,
 * GATEWAY_WORKERS, with nginx at worker_processes 1 and N: msgs/s and handshakes/s),
 * --gateway-node-options=... (NODE_OPTIONS-allowed flags for the gateway), --gateway-v8-flags=...
 * (any V8 flag, set at start), --gateway-env KEY=VALUE (repeatable), --gateway-log FILE (its output).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createTempDatabase, insertApi } from "../helpers/temp-db";
import { formatChurn, measureChurn, type ChurnResult } from "./churn";
import { describeSample, measureSharedCounters, measureTarget } from "./measure-batched";
import { describeMessages, measureMessages } from "./measure-messages";
import { formatWorkersTable, measureWorkers, type WorkersSample } from "./measure-workers";
import { parseOptions } from "./options";
import { formatMessageTables, workloadLabel, type MessageSample, type StormSample } from "./per-message";
import { setUpPolicyApis } from "./policy-apis";
import { raiseOpenFilesLimit } from "./proc-stats";
import { forkHelper, killAllNow, log, stopAll, track } from "./processes";
import { formatPolicyTable, formatSharedCounters, formatTable, formatUtilisation, sizeLabel, summarize, type RunSample, type Summary, type TargetName } from "./report";
import { RATE_LIMIT_PATH, setUpRateLimitApi, startBenchRedis } from "./shared-counters";
import { checkTargets, formatChecks } from "./target-checks";
import { checkEcho, startTarget, type Bench } from "./targets";

async function main(): Promise<void> {
  const opts = parseOptions();
  const started = Date.now();

  // N idle connections are N sockets in the client and the backend and 2N in the proxy
  // (the gateway inherits this process's limit; nginx asks for worker_rlimit_nofile, which
  // cannot pass the hard limit either). Without CAP_SYS_RESOURCE the hard limit is final,
  // so N is lowered to what fits, keeping FILES_RESERVE descriptors for everything else.
  const FILES_RESERVE = 200;
  const mostConnections = Math.max(opts.idle, ...(opts.messages?.workloads.map((w) => w.conns) ?? [0]));
  const filesNeeded = 2 * mostConnections + FILES_RESERVE;
  const filesLimit = raiseOpenFilesLimit(filesNeeded);
  const idleRequested = opts.idle;
  if (filesLimit < filesNeeded && opts.batched && opts.idle >= mostConnections) {
    opts.idle = Math.max(0, Math.floor((filesLimit - FILES_RESERVE) / 2));
    log(`! open-file limit ${filesLimit} (ulimit -n, hard limit too, and not ours to raise) < ${filesNeeded}: idle connections lowered from ${idleRequested} to ${opts.idle}`);
  }

  const workDir = mkdtempSync(join(tmpdir(), "portcullis-bench-"));
  const db = createTempDatabase();
  track("temp files", async () => {
    db.cleanup();
    rmSync(workDir, { recursive: true, force: true });
  }, () => {});

  const { helper: backend, first } = await forkHelper<{ port: number }>("echo-server.ts");
  insertApi(db.db, { id: "bench", path: "bench", serviceUrl: `ws://127.0.0.1:${first.port}` });
  const policyApis = opts.batched && opts.policies && opts.targets.includes("gateway") ? await setUpPolicyApis(db.db, db.file, `ws://127.0.0.1:${first.port}`) : null;
  let redisUrl: string | null = null;
  if (opts.batched && opts.redis && opts.targets.includes("gateway")) {
    setUpRateLimitApi(db.db, `ws://127.0.0.1:${first.port}`);
    const redis = await startBenchRedis();
    track("redis-server", () => redis.stop(), () => void redis.stop({ kill: true }));
    redisUrl = redis.url;
  }
  const { helper: client } = await forkHelper<{ ready: true }>("load-client.ts");
  const bench: Bench = { opts, client, backend, backendPort: first.port, dbFile: db.file, workDir, filesLimit, policyApis, redisUrl };

  const messageSamples: MessageSample[] = [];
  const storms: StormSample[] = [];
  if (opts.messages) {
    const m = opts.messages;
    log(`Portcullis bench, per message (the headline): ${m.targets.map((t) => t.toUpperCase()).join(", ")}; ${opts.runs} interleaved run(s), medians reported.`);
    log(`  workloads: ${m.workloads.map(workloadLabel).join(", ")}; ${m.sizes.map(sizeLabel).join(", ")}; every message its own write; ${opts.warmupMs / 1000} s warm-up + ${opts.durationMs / 1000} s window each.`);
    log(`  reconnect storm: ${m.stormConcurrency} handshakes in flight (open, 101, close), no policies.`);
    log("  nginx: worker_processes 1; the gateway: GATEWAY_WORKERS=1; NODE-PIPE: a bare net.Socket relay (no parsing). Proxy CPU = all of its processes.\n");
    for (let run = 1; run <= opts.runs; run++) {
      for (const name of m.targets) {
        const { samples: got, storm } = await measureMessages(bench, name, run);
        messageSamples.push(...got);
        storms.push(storm);
        log(describeMessages(run, name, got, storm, m.workloads));
      }
    }
    log("");
  }

  const samples: RunSample[] = [];
  if (opts.batched) {
    log(`Portcullis bench, batched (secondary): ${opts.targets.map((t) => t.toUpperCase()).join(", ")}; ${opts.runs} interleaved run(s), medians reported.`);
    log(`  throughput: ${opts.conns} connections x ${opts.inflight} echoes in flight, ${opts.sizes.map(sizeLabel).join(" and ")} binary messages, ${opts.warmupMs / 1000} s warm-up + ${opts.durationMs / 1000} s window;`);
    log(`  latency: 1 connection x 1 message (64 B) ping-pong for ${opts.latencyMs / 1000} s.`);
    log(`  idle: ${opts.idle.toLocaleString("en-US")} connections (open-file limit ${filesLimit}); RSS deltas after a forced full GC in the gateway (inspector).`);
    log("  nginx: worker_processes 1 (one worker, to match the single-threaded gateway); CPU and RSS = master + worker.");
    log("  msgs/s counts echo round trips; proxy CPU per message counts each echo as 2 relayed messages (one per direction).");
    log("  batched: each write carries up to --inflight frames (10 at first, then as many as were echoed), so a proxy's per-read cost is spread over them.");
    if (policyApis) log(`  policies (gateway only): message limits on /bench-limits vs /bench; ${opts.handshakeConcurrency} handshakes at a time through the pipeline on /bench-policies vs /bench.`);
    if (redisUrl) log(`  shared counters (gateway only): ${opts.handshakeConcurrency} handshakes at a time through ${RATE_LIMIT_PATH} (rate-limit-by-key), counters in memory vs in Redis (${redisUrl}, a second gateway).`);
    log(`  processes: backend pid ${backend.pid} (raw echo), load client pid ${client.pid} (raw sockets), both on 127.0.0.1.\n`);

    for (let run = 1; run <= opts.runs; run++) {
      for (const name of opts.targets) {
        const sample = await measureTarget(bench, name, run);
        // On gateways of its own, once the repetition's gateway has stopped.
        if (name === "gateway" && bench.redisUrl !== null) sample.sharedCounters = await measureSharedCounters(bench, bench.redisUrl, run);
        samples.push(sample);
        log(describeSample(sample));
      }
    }
  }

  let churn: ChurnResult | null = null;
  if (opts.batched && opts.churn && opts.targets.includes("gateway")) {
    const t = await startTarget(bench, "gateway", opts.runs + 1);
    try {
      await checkEcho(t);
      // Its own figures: a gateway that cannot keep up with the load says so here instead of ending the bench.
      churn = await measureChurn({ db: db.db, gatewayPort: t.target.port, backendUrl: `ws://127.0.0.1:${first.port}`, loadPath: t.target.path, ...opts.churn, burst: 100, pids: { gateway: t.cpuPids, backend: backend.pid } });
      log(`churn     GATEWAY live p50/p99 ${churn.liveMs.p50.toFixed(0)}/${churn.liveMs.p99.toFixed(0)} ms, burst of 100 ${churn.burstLastLiveMs.toFixed(0)} ms`);
    } catch (error) {
      log(`! churn under load failed (${opts.churn.conns} connections x ${opts.churn.rate} msg/s): ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      await t.stop();
    }
  }

  const summaries: Partial<Record<TargetName, Summary>> = {};
  for (const name of opts.batched ? opts.targets : []) summaries[name] = summarize(samples.filter((s) => s.target === name), opts.sizes);
  const checks = opts.batched ? checkTargets(summaries, opts.sizes, samples) : [];

  log(`\nMedians of ${opts.runs} run(s) (${((Date.now() - started) / 1000).toFixed(0)} s):\n`);
  if (opts.messages) {
    log(formatMessageTables(messageSamples, storms, opts.messages));
    const busiest = Math.max(...messageSamples.map((x) => x.othersPercent));
    if (busiest > 20) log(`! other processes used up to ${busiest.toFixed(0)}% of a core during the per-message windows: figures are noisy; compare within this run only.`);
    log("");
  }
  if (opts.batched) {
    log("Batched (secondary): up to 10 frames per write.");
    log(formatTable(summaries, opts.sizes, opts));
    log("");
    log(formatUtilisation(summaries, opts.sizes));
    const busiest = Math.max(...opts.targets.flatMap((t) => opts.sizes.map((size) => summaries[t]!.throughput[size]!.cpuPercent.others)));
    if (busiest > 20) log(`! other processes used up to ${busiest.toFixed(0)}% of a core during the windows: figures are noisy; compare within this run only.`);
    if (policyApis) {
      log("");
      log(formatPolicyTable(opts.sizes, samples, opts));
    }
    if (redisUrl) {
      log("");
      log(formatSharedCounters(samples, opts));
    }
    if (churn) {
      log("");
      log(formatChurn(churn));
    }
    log("\nTargets (gateway, measured against nginx / direct in this run):");
    log(formatChecks(checks));
  }

  let workers: WorkersSample[] = [];
  if (opts.workers > 0) {
    log(`\nWorkers: gateway GATEWAY_WORKERS and nginx worker_processes ${[...new Set([1, opts.workers])].join(" and ")}, 64 B messages and plain handshakes, ${opts.warmupMs / 1000} s warm-up + ${opts.durationMs / 1000} s window each (this machine has ${availableParallelism()} cores):`);
    workers = await measureWorkers(bench);
    log("");
    log(formatWorkersTable(workers, opts.workers));
  }

  if (opts.json) {
    const file = resolve(opts.json);
    writeFileSync(file, JSON.stringify({ options: opts, idleRequested, filesLimit, messageSamples, storms, samples, medians: summaries, targets: checks, churn, workers }, null, 2));
    log(`\nJSON results written to ${file}`);
  }
  if (opts.cpuProf) log(`Gateway CPU profiles in ${opts.cpuProf} (summarise: tsx tests/bench/cpu-profile-top.ts FILE)`);
}

let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    log(`\n${signal}: stopping every process the bench started...`);
    stopAll().finally(() => process.exit(130));
  });
}
process.on("exit", killAllNow);

main()
  .then(stopAll, async (error: unknown) => {
    if (interrupted) return; // the signal handler is stopping everything; helpers dying is expected
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    await stopAll();
    process.exitCode = 1;
  })
  .then(() => process.exit());
