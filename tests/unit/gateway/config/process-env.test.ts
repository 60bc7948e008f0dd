import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { GATEWAY_GLIBC_TUNABLES, gatewayProcessEnv } from "@/gateway/config/process-env";

describe("the gateway process environment", () => {
  it("adds the allocator tunables, after any the operator set", () => {
    expect(gatewayProcessEnv({ A: "1" })).toEqual({ A: "1", GLIBC_TUNABLES: GATEWAY_GLIBC_TUNABLES });
    expect(gatewayProcessEnv({ GLIBC_TUNABLES: "glibc.malloc.arena_max=2" }).GLIBC_TUNABLES).toBe(
      `glibc.malloc.arena_max=2:${GATEWAY_GLIBC_TUNABLES}`,
    );
  });

  it("is what `npm run gateway` starts the gateway with", () => {
    const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, "../../../../package.json"), "utf8")) as { scripts: Record<string, string> };
    expect(pkg.scripts.gateway).toBe(`GLIBC_TUNABLES=${GATEWAY_GLIBC_TUNABLES} tsx gateway/main.ts`);
  });
});
