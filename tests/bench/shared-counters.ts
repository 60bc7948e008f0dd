/**
 * The bench's shared-counters comparison (DESIGN.md §6): handshakes/s through `/bench-rate-limit`
 * (rate-limit-by-key per caller IP, a limit no run reaches, nothing else) on a gateway whose
 * counters are in its memory against a second gateway on the same database whose counters are
 * in a redis-server the bench starts (REDIS_URL). Before measuring, it checks that the second
 * gateway really counts in Redis (its counter key appears there) and the first does not.
 */
import { Redis } from "ioredis";
import type { Db } from "@/db/client";
import { policies } from "@/db/schema/index";
import { redisKey } from "@/gateway/counters/redis-counter-store";
import { attemptHandshake } from "../helpers/handshake-client";
import { startRedisServer, type RedisServer } from "../helpers/redis-server";
import { insertApi } from "../helpers/temp-db";

export const RATE_LIMIT_PATH = "/bench-rate-limit";

/** Inserts `/bench-rate-limit`: the echo API with one rate-limit-by-key on the caller's IP. */
export function setUpRateLimitApi(db: Db, serviceUrl: string): void {
  insertApi(db, { id: "bench-rate-limit", path: RATE_LIMIT_PATH.slice(1), serviceUrl });
  const document = [
    "<policies><inbound><base />",
    '<rate-limit-by-key calls="1000000000" renewal-period="1" counter-key="@(context.Request.IpAddress)" remaining-calls-header-name="X-RateLimit-Remaining" />',
    "</inbound></policies>",
  ].join("");
  db.insert(policies).values({ scope: "api", scopeId: "bench-rate-limit", value: document }).run();
}

/** Starts the bench's redis-server (loopback, free port, no persistence). */
export function startBenchRedis(): Promise<RedisServer> {
  return startRedisServer();
}

/**
 * Checks that the gateway on `redisPort` counts `/bench-rate-limit` in Redis and the one on
 * `memoryPort` in its memory: a handshake through each, then the counter key is looked up.
 * Returns null when both hold, else why not.
 */
export async function verifySharedCounters(redisUrl: string, memoryPort: number, redisPort: number): Promise<string | null> {
  const client = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    await client.flushdb();
    const key = redisKey("rl", "rate-limit-by-key|127.0.0.1");
    const memory = await attemptHandshake(`ws://127.0.0.1:${memoryPort}${RATE_LIMIT_PATH}`);
    memory.socket?.destroy();
    if (memory.status !== 101 || memory.headers["x-ratelimit-remaining"] === undefined) return `the in-memory gateway answered ${memory.status} without a remaining-calls header`;
    if ((await client.exists(key)) !== 0) return "the in-memory gateway wrote to Redis";
    const shared = await attemptHandshake(`ws://127.0.0.1:${redisPort}${RATE_LIMIT_PATH}`);
    shared.socket?.destroy();
    if (shared.status !== 101) return `the Redis gateway answered ${shared.status}`;
    if ((await client.zcard(key)) !== 1) return `the Redis gateway's handshake is not counted in Redis (${key})`;
    return null;
  } catch (error) {
    return `Redis check failed: ${String(error)}`;
  } finally {
    client.disconnect();
  }
}
