import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { parseGatewayEnv } from "@/gateway/config/env";

describe("GATEWAY_WORKERS", () => {
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
