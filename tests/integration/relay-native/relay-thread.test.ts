import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadNativeRelay } from "@/gateway/relay-native/load";
import { RELAY_THREAD_NAME, threadCpuMicros } from "../../bench/proc-stats";

/** The names of this process's threads, as `ps -L` shows them. */
function threadNames(): string[] {
  return readdirSync("/proc/self/task").map((tid) => readFileSync(`/proc/self/task/${tid}/comm`, "utf8").trim());
}

describe("the native relay's thread", () => {
  it("carries the name the bench splits the gateway's CPU by, from start to stop", () => {
    const loaded = loadNativeRelay();
    if ("error" in loaded) throw new Error(`the native relay is the default and must load here: ${loaded.error}`);
    const { binding } = loaded;
    expect(binding.threadName).toBe(RELAY_THREAD_NAME);
    const before = threadNames().filter((n) => n === RELAY_THREAD_NAME).length;
    const relay = new binding.Relay(16, 4, () => {}, () => {});
    try {
      expect(threadNames().filter((n) => n === RELAY_THREAD_NAME)).toHaveLength(before + 1);
      const split = threadCpuMicros(process.pid);
      expect(split.main).toBeGreaterThan(0);
      expect(split.relay).toBeGreaterThanOrEqual(0);
      expect(split.other).toBeGreaterThanOrEqual(0);
    } finally {
      relay.stop();
    }
    expect(threadNames().filter((n) => n === RELAY_THREAD_NAME)).toHaveLength(before);
  });
});
