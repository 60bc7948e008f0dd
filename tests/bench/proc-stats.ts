import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import type { CpuSample } from "./client-commands";

/** Clock ticks per second of /proc/<pid>/stat times (100 on Linux almost everywhere). */
const CLK_TCK = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** A process's or thread's stat file: its name and the fields after it (which may hold spaces): fields[0] is field 3. */
function readStat(path: string): { name: string; fields: string[] } {
  const stat = readFileSync(path, "utf8");
  const close = stat.lastIndexOf(")");
  return { name: stat.slice(stat.indexOf("(") + 1, close), fields: stat.slice(close + 2).split(" ") };
}

function statFields(pid: number): string[] {
  return readStat(`/proc/${pid}/stat`).fields;
}

/** utime + stime of a stat file's fields, in µs. */
function cpuOfFields(f: string[]): number {
  return ((Number(f[11]) + Number(f[12])) * 1e6) / CLK_TCK;
}

/** CPU time (utime + stime, every thread) of `pid` so far, in µs. */
export function cpuMicros(pid: number): number {
  return cpuOfFields(statFields(pid));
}

/** The native relay's thread name (gateway/relay-native/src/relay.h; the addon exports it as `threadName`). */
export const RELAY_THREAD_NAME = "pc-relay";

/**
 * CPU time of `pid` so far, in µs, split by thread: its main thread, the native relay's thread,
 * and every other thread (Node's workers such as the database thread, V8's and libuv's pools,
 * and threads already gone).
 */
export function threadCpuMicros(pid: number): { main: number; relay: number; other: number } {
  const total = cpuMicros(pid);
  let main = 0;
  let relay = 0;
  for (const entry of readdirSync(`/proc/${pid}/task`)) {
    try {
      const { name, fields } = readStat(`/proc/${pid}/task/${entry}/stat`);
      if (Number(entry) === pid) main = cpuOfFields(fields);
      else if (name === RELAY_THREAD_NAME) relay += cpuOfFields(fields);
    } catch {
      // the thread ended while we looked: its time is in the process's total, so in `other`
    }
  }
  return { main, relay, other: Math.max(0, total - main - relay) };
}

/** Summed CPU time of several processes, in µs. */
export function cpuMicrosOf(pids: readonly number[]): number {
  let total = 0;
  for (const pid of pids) total += cpuMicros(pid);
  return total;
}

/**
 * Scheduler figures of `pid`'s main thread so far (/proc/<pid>/schedstat), in µs: time on a CPU,
 * and time runnable but waiting for one. The second is what other processes cost it.
 */
export function schedMicros(pid: number): { ran: number; waited: number } {
  const [ran, waited] = readFileSync(`/proc/${pid}/schedstat`, "utf8").trim().split(" ").map(Number);
  return { ran: ran! / 1000, waited: waited! / 1000 };
}

/** Machine load averages (1, 5, 15 minutes). */
export function loadAverages(): [number, number, number] {
  const [one, five, fifteen] = readFileSync("/proc/loadavg", "utf8").split(" ").map(Number);
  return [one!, five!, fifteen!];
}

/** Resident set size (VmRSS) of `pid`, in bytes. */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) * 1024;
}

/** Summed RSS of several processes, in bytes. */
export function rssBytesOf(pids: readonly number[]): number {
  let total = 0;
  for (const pid of pids) total += rssBytes(pid);
  return total;
}

/** Process ids whose parent is `ppid`. */
export function childPids(ppid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (Number(statFields(Number(entry))[1]) === ppid) children.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return children;
}

/** The soft limit on open files that a child of this process gets. */
export function openFilesLimit(): number {
  return Number(execFileSync("sh", ["-c", "ulimit -n"], { encoding: "utf8" }).trim());
}

/**
 * Raises this process's open-file limit (soft and hard) to `wanted` with prlimit(1), so
 * every process it starts inherits it. Needs root (or CAP_SYS_RESOURCE) past the hard limit.
 * Returns the limit in force afterwards.
 */
export function raiseOpenFilesLimit(wanted: number): number {
  const current = openFilesLimit();
  if (current >= wanted) return current;
  try {
    execFileSync("prlimit", ["--pid", String(process.pid), `--nofile=${wanted}:${wanted}`], { stdio: "ignore" });
  } catch {
    // not allowed: the caller scales down to what it has
  }
  return openFilesLimit();
}

/** CPU time all processes of the machine used so far (every core, /proc/stat), in µs. */
export function machineBusyMicros(): number {
  const line = readFileSync("/proc/stat", "utf8").split("\n", 1)[0]!;
  // cpu  user nice system idle iowait irq softirq steal ...
  const f = line.trim().split(/\s+/).slice(1).map(Number);
  const busy = f[0]! + f[1]! + f[2]! + f[5]! + f[6]! + f[7]!;
  return (busy * 1e6) / CLK_TCK;
}

/** `a + factor × b`, field by field (factor -1: the CPU used between two readings). */
export function addCpu(a: CpuSample, b: CpuSample, factor = 1): CpuSample {
  const out = { ...a };
  for (const key of Object.keys(a) as (keyof CpuSample)[]) out[key] = a[key] + factor * b[key];
  return out;
}
