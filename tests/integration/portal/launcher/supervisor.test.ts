import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Supervisor, type RestartPolicy, type SupervisorLog } from "@/server/launcher/supervisor";

/** Tiny real children: one that runs until stopped, one that exits with code 3 at once. */
const RUNS = ["-e", "setInterval(() => {}, 1000)"];
const EXITS_3 = ["-e", "process.exit(3)"];
const quiet = { stdio: "ignore" as const };

/** The supervisor's lines, and a way to wait for the next one that matches. */
class RecordingLog implements SupervisorLog {
  readonly lines: string[] = [];
  private waiters: { pattern: RegExp; count: number; resolve: (line: string) => void }[] = [];
  info(line: string): void {
    this.push(line);
  }
  error(line: string): void {
    this.push(line);
  }
  /** Resolves with the `count`th line that matches (the first by default), now or when it comes. */
  waitFor(pattern: RegExp, count = 1): Promise<string> {
    const found = this.lines.filter((l) => pattern.test(l));
    if (found.length >= count) return Promise.resolve(found[count - 1]!);
    return new Promise((resolve) => this.waiters.push({ pattern, count, resolve }));
  }
  private push(line: string): void {
    this.lines.push(line);
    this.waiters = this.waiters.filter((w) => {
      if (this.lines.filter((l) => w.pattern.test(l)).length < w.count) return true;
      w.resolve(line);
      return false;
    });
  }
}

/** The real clock, except that a test may move "now" forward (to pass a stable run without sleeping). */
function skewableClock() {
  let skew = 0;
  return {
    now: () => Date.now() + skew,
    setTimeout: (callback: () => void, ms: number) => setTimeout(callback, ms),
    clearTimeout: (timer: NodeJS.Timeout) => clearTimeout(timer),
    advance: (ms: number) => (skew += ms),
  };
}

const FAST: Partial<RestartPolicy> = { initialDelayMs: 100, maxDelayMs: 400, stableAfterMs: 60_000, crashLoopCrashes: 100 };

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

let running: Supervisor[] = [];
afterEach(async () => {
  for (const supervisor of running) {
    if (!supervisor.isStopping) supervisor.stop("SIGKILL");
    await supervisor.wait();
  }
  running = [];
});

function supervise(restart: Partial<RestartPolicy>, clock = skewableClock()) {
  const log = new RecordingLog();
  const supervisor = new Supervisor({ restart, clock, log, signalGraceMs: 20 });
  running.push(supervisor);
  return { supervisor, log, clock };
}

describe("Supervisor", () => {
  it("restarts a service killed with -9 after the first backoff, and leaves the other one running", async () => {
    const { supervisor, log } = supervise(FAST);
    supervisor.startService("gateway", process.execPath, RUNS, quiet);
    supervisor.startService("portal", process.execPath, RUNS, quiet);
    const gatewayPid = supervisor.pidOf("gateway")!;
    const portalPid = supervisor.pidOf("portal")!;
    expect(log.lines).toEqual([`[portcullis] gateway started (pid ${gatewayPid}).`, `[portcullis] portal started (pid ${portalPid}).`]);

    process.kill(gatewayPid, "SIGKILL");
    const restarted = await log.waitFor(/gateway restarted/);

    const newPid = supervisor.pidOf("gateway")!;
    expect(newPid).not.toBe(gatewayPid);
    expect(restarted).toBe(`[portcullis] gateway restarted (pid ${newPid}).`);
    expect(log.lines).toContain("[portcullis] gateway exited unexpectedly (signal SIGKILL); restarting in 0.1 s.");
    expect(supervisor.pidOf("portal")).toBe(portalPid);
    expect(isAlive(portalPid)).toBe(true);
  });

  it("doubles the wait with each crash in a row up to the longest wait", async () => {
    const { supervisor, log } = supervise(FAST);
    supervisor.startService("gateway", process.execPath, EXITS_3, quiet);
    await log.waitFor(/unexpectedly/, 5);
    supervisor.stop("SIGTERM");
    await supervisor.wait();

    const waits = log.lines.filter((l) => l.includes("unexpectedly"));
    expect(waits.slice(0, 5)).toEqual([
      "[portcullis] gateway exited unexpectedly (exit code 3); restarting in 0.1 s.",
      "[portcullis] gateway exited unexpectedly (exit code 3); restarting in 0.2 s.",
      "[portcullis] gateway exited unexpectedly (exit code 3); restarting in 0.4 s.",
      "[portcullis] gateway exited unexpectedly (exit code 3); restarting in 0.4 s.",
      "[portcullis] gateway exited unexpectedly (exit code 3); restarting in 0.4 s.",
    ]);
  });

  it("starts again from the first wait after a run that lasted past the stable time", async () => {
    const { supervisor, log, clock } = supervise({ ...FAST, stableAfterMs: 30_000 });
    supervisor.startService("portal", process.execPath, RUNS, quiet);
    process.kill(supervisor.pidOf("portal")!, "SIGKILL");
    await log.waitFor(/restarted/, 1);
    process.kill(supervisor.pidOf("portal")!, "SIGKILL");
    await log.waitFor(/restarted/, 2);
    clock.advance(30_000);
    process.kill(supervisor.pidOf("portal")!, "SIGKILL");
    await log.waitFor(/unexpectedly/, 3);

    expect(log.lines.filter((l) => l.includes("unexpectedly"))).toEqual([
      "[portcullis] portal exited unexpectedly (signal SIGKILL); restarting in 0.1 s.",
      "[portcullis] portal exited unexpectedly (signal SIGKILL); restarting in 0.2 s.",
      "[portcullis] portal exited unexpectedly (signal SIGKILL); restarting in 0.1 s.",
    ]);
  });

  it("reports a crash loop and waits the longest time instead of spinning", async () => {
    const { supervisor, log } = supervise({ initialDelayMs: 50, maxDelayMs: 60_000, crashLoopCrashes: 3, crashLoopWindowMs: 60_000 });
    supervisor.startService("gateway", process.execPath, EXITS_3, quiet);
    const line = await log.waitFor(/crash-looping/);

    expect(line).toBe(
      "[portcullis] gateway is crash-looping: it exited unexpectedly (exit code 3), 3 crashes within 60 s; next restart in 60 s. Its own output above says why.",
    );
    expect(log.lines.filter((l) => l.includes("restarted"))).toHaveLength(2);
    expect(supervisor.pidOf("gateway")).toBeNull();
  });

  it("stops a pending restart when a stop is asked, and exits at once", async () => {
    const { supervisor, log } = supervise({ initialDelayMs: 60_000 });
    supervisor.startService("gateway", process.execPath, EXITS_3, quiet);
    supervisor.startService("portal", process.execPath, RUNS, quiet);
    const portalPid = supervisor.pidOf("portal")!;
    await log.waitFor(/gateway exited unexpectedly \(exit code 3\); restarting in 60 s\./);

    supervisor.stop("SIGTERM");

    expect(await supervisor.wait()).toBe(0);
    expect(isAlive(portalPid)).toBe(false);
    expect(log.lines.filter((l) => l.includes("restarted"))).toEqual([]);
  });

  it("takes a child that exits on the stop signal itself (Ctrl-C reaches the process group) for a stop, not a crash", async () => {
    const { supervisor, log } = supervise(FAST);
    supervisor.startService("gateway", process.execPath, RUNS, quiet);
    supervisor.startService("portal", process.execPath, RUNS, quiet);
    const pids = [supervisor.pidOf("gateway")!, supervisor.pidOf("portal")!];

    process.kill(pids[0]!, "SIGINT");
    supervisor.stop("SIGINT");

    expect(await supervisor.wait()).toBe(0);
    expect(pids.map(isAlive)).toEqual([false, false]);
    expect(log.lines.some((l) => l.includes("unexpectedly") || l.includes("restarted"))).toBe(false);
  });

  it("a second Ctrl-C kills what the first did not stop", async () => {
    const { supervisor, log } = supervise(FAST);
    // A child that takes no notice of Ctrl-C (a drain that hangs); it says when its handler is in place.
    const ready = join(mkdtempSync(join(tmpdir(), "portcullis-supervisor-")), "ready");
    const stubborn = ["-e", `process.on("SIGINT", () => {}); require("fs").writeFileSync(${JSON.stringify(ready)}, ""); setInterval(() => {}, 1000)`];
    supervisor.startService("gateway", process.execPath, stubborn, quiet);
    const pid = supervisor.pidOf("gateway")!;
    while (!existsSync(ready)) await new Promise((resolve) => setTimeout(resolve, 20));

    supervisor.signalled("SIGINT");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(isAlive(pid)).toBe(true);
    supervisor.signalled("SIGINT");

    expect(await supervisor.wait()).toBe(0);
    expect(isAlive(pid)).toBe(false);
    expect(log.lines.filter((l) => l.includes("SIGINT"))).toEqual([
      "[portcullis] SIGINT: stopping (press Ctrl-C again to force).",
      "[portcullis] SIGINT again: killing gateway.",
    ]);
    expect(log.lines.some((l) => l.includes("restarted"))).toBe(false);
    rmSync(dirname(ready), { recursive: true });
  });
});
