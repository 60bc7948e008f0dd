import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { parseGatewayEnv as parseEnv } from "@/gateway/config/env";

const parseGatewayEnv = (vars: Record<string, string>) => parseEnv(vars as NodeJS.ProcessEnv);

describe("gateway environment: shared counters", () => {
  it("keeps counters in memory and lets calls through on store errors unless told otherwise", () => {
    const env = parseGatewayEnv({});
    expect(env.REDIS_URL).toBeUndefined();
    expect(env.GATEWAY_COUNTERS_ON_ERROR).toBe("allow");
    expect(parseGatewayEnv({ REDIS_URL: "" }).REDIS_URL).toBeUndefined();
  });

  it("accepts redis:// and rediss:// URLs and deny", () => {
    expect(parseGatewayEnv({ REDIS_URL: "redis://127.0.0.1:6379", GATEWAY_COUNTERS_ON_ERROR: "deny" })).toMatchObject({
      REDIS_URL: "redis://127.0.0.1:6379",
      GATEWAY_COUNTERS_ON_ERROR: "deny",
    });
    expect(parseGatewayEnv({ REDIS_URL: "rediss://:secret@redis.internal:6380/2" }).REDIS_URL).toBe("rediss://:secret@redis.internal:6380/2");
  });

  it("names the bad variable and never echoes a URL that may hold a password", () => {
    expect(() => parseGatewayEnv({ REDIS_URL: "http://user:secret@redis:6379" })).toThrow(
      "Invalid gateway environment:\n  REDIS_URL: must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379",
    );
    expect(() => parseGatewayEnv({ GATEWAY_COUNTERS_ON_ERROR: "open" })).toThrow(/GATEWAY_COUNTERS_ON_ERROR: Invalid option: expected one of "allow"\|"deny"/);
  });
});

describe("gateway environment: GATEWAY_WORKERS", () => {
  it("defaults to one worker per core, as `auto` does", () => {
    expect(parseGatewayEnv({}).GATEWAY_WORKERS).toBe(availableParallelism());
    expect(parseGatewayEnv({ GATEWAY_WORKERS: "auto" }).GATEWAY_WORKERS).toBe(availableParallelism());
  });

  it("takes a whole number of workers", () => {
    expect(parseGatewayEnv({ GATEWAY_WORKERS: "1" }).GATEWAY_WORKERS).toBe(1);
    expect(parseGatewayEnv({ GATEWAY_WORKERS: "12" }).GATEWAY_WORKERS).toBe(12);
  });

  it.each(["0", "-2", "1.5", "two", "", "2000"])("refuses %j, naming the variable and what it accepts", (value) => {
    expect(() => parseGatewayEnv({ GATEWAY_WORKERS: value })).toThrow(
      `Invalid gateway environment:\n  GATEWAY_WORKERS: expected "auto" or a whole number from 1 to 1024, got ${JSON.stringify(value)}`,
    );
  });
});
