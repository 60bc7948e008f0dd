import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { ConfigCache } from "@/gateway/remote/config-cache";

const schema = z.object({ gatewayId: z.string(), revision: z.number() });
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "portcullis-cache-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("ConfigCache", () => {
  it("round-trips a configuration with the time it was saved", async () => {
    const cache = new ConfigCache(join(dir, "gateway-config-edge.json"), schema);
    await cache.write({ gatewayId: "edge", revision: 7 }, 1_700_000_000_000);
    expect(await cache.read()).toEqual({ ok: true, cached: { savedAt: 1_700_000_000_000, config: { gatewayId: "edge", revision: 7 } } });
  });

  it("writes the file with mode 0600 even under a permissive umask, creating its folder", async () => {
    const previous = process.umask(0o000);
    try {
      const file = join(dir, "nested", "data", "cache.json");
      await new ConfigCache(file, schema).write({ gatewayId: "edge", revision: 1 });
      expect(statSync(file).mode & 0o777).toBe(0o600);
    } finally {
      process.umask(previous);
    }
  });

  it("replaces a world-readable file with a 0600 one and leaves no temp file behind", async () => {
    const file = join(dir, "cache.json");
    writeFileSync(file, "{}", { mode: 0o644 });
    await new ConfigCache(file, schema).write({ gatewayId: "edge", revision: 2 });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(["cache.json"]);
  });

  it("keeps the newest of writes queued together", async () => {
    const file = join(dir, "cache.json");
    const cache = new ConfigCache(file, schema);
    await Promise.all([1, 2, 3, 4].map((revision) => cache.write({ gatewayId: "edge", revision })));
    expect(JSON.parse(readFileSync(file, "utf8")).config.revision).toBe(4);
  });

  it("says why when there is no file, or it is not JSON, or not a configuration", async () => {
    const file = join(dir, "cache.json");
    const cache = new ConfigCache(file, schema);
    expect(await cache.read()).toEqual({ ok: false, reason: `no cached configuration at ${file}` });
    writeFileSync(file, "{ half");
    expect(await cache.read()).toEqual({ ok: false, reason: `${file} is not JSON` });
    writeFileSync(file, JSON.stringify({ savedAt: 1, config: { gatewayId: "edge" } }));
    expect(await cache.read()).toEqual({ ok: false, reason: `${file} does not hold a gateway configuration` });
  });
});
