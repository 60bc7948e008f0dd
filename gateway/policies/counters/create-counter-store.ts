/**
 * The gateway's counter store, chosen from its environment (DESIGN.md §6): Redis when
 * `REDIS_URL` is set (shared by every gateway and worker on it), else this process's memory.
 */
import type { GatewayEnv } from "../../config/env";
import type { GatewayMetrics } from "../../telemetry/metrics";
import type { CounterStore } from "../policy";
import { MemoryCounterStore } from "./memory-counter-store";
import { RedisCounterStore } from "../../counters/redis-counter-store";

/** A counter store, how to let go of it at shutdown, and (shared stores) how to wait for its connection. */
export type ClosableCounterStore = CounterStore & { close(): void | Promise<void>; ready?(timeoutMs: number): Promise<void> };

/** Redis (`REDIS_URL`, errors counted in `metrics`, GATEWAY_COUNTERS_ON_ERROR) or memory. */
export function createCounterStore(env: Pick<GatewayEnv, "REDIS_URL" | "GATEWAY_COUNTERS_ON_ERROR">, metrics: GatewayMetrics): ClosableCounterStore {
  if (env.REDIS_URL === undefined) return new MemoryCounterStore();
  return new RedisCounterStore({
    url: env.REDIS_URL,
    onError: env.GATEWAY_COUNTERS_ON_ERROR,
    countError: () => metrics.counterStoreError(),
  });
}
