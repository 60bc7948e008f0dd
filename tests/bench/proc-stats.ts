import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

/** Clock ticks per second of /proc/<pid>/stat times (100 on Linux almost everywhere). */
const CLK_TCK = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** The fields of /proc/<pid>/stat after the command name (which may hold spaces): [0] is field 3. */
function statFields(pid: number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}

/** CPU time (utime + stime, every thread) of `pid` so far, in µs. */
export function cpuMicros(pid: number): number {
  const f = statFields(pid);
  return ((Number(f[11]) + Number(f[12])) * 1e6) / CLK_TCK;
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
