import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ConfigSourceStatus, ConfigUpdate } from "@/gateway/config/config-source";
import { ConfigCache } from "@/gateway/remote/config-cache";
import type { PortalReply, PortalRequest } from "@/gateway/remote/portal-client";
import { configResponseSchema, type ConfigResponse } from "@/gateway/remote/protocol";
import { RemoteConfigSource } from "@/gateway/remote/remote-config-source";

const KEY = Buffer.alloc(32, 7).toString("base64");

function config(revision: number, gatewayId = "edge"): ConfigResponse {
  return {
    gatewayId,
    revision,
    keyHashKey: KEY,
    rows: { revision, apis: [], productApis: [], products: [], policies: [], subscriptions: [] },
  };
}

const DOWN: PortalReply = { ok: false, kind: "network", message: "ECONNREFUSED", timedOut: false };
const EXPIRED: PortalReply = { ok: false, kind: "unauthorized", status: 401, code: "GatewayTokenExpired", message: "The token expired at 2026-01-01T00:00:00.000Z; generate a new one." };

let dir: string;
let stderr: string[];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "portcullis-remote-config-"));
  stderr = [];
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    stderr.push(String(chunk));
    return true;
  });
  vi.spyOn(process.stdout, "write").mockImplementation(() => true);
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

/** A source on a scripted portal; retries wait one macrotask instead of the backoff's seconds. */
function source(answer: (request: PortalRequest, n: number) => PortalReply | Promise<PortalReply>) {
  const requests: string[] = [];
  const pauses: number[] = [];
  const updates: number[] = [];
  const statuses: ConfigSourceStatus[] = [];
  const cache = new ConfigCache(join(dir, "gateway-config-edge.json"), configResponseSchema);
  const remote = new RemoteConfigSource({
    gatewayId: "edge",
    cache,
    client: { send: async (request) => answer(request, requests.push(request.path) - 1) },
    sleep: (ms) => {
      pauses.push(ms);
      return new Promise((resolve) => setImmediate(resolve));
    },
  });
  const started = remote.start({
    onUpdate: (update: ConfigUpdate) => {
      expect(update.keyHashKey).toEqual(Buffer.alloc(32, 7));
      updates.push(update.rows.revision);
    },
    onStatus: (status) => statuses.push(status),
  });
  return { remote, cache, requests, pauses, updates, statuses, started };
}

async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 2));
  expect(check()).toBe(true);
}

describe("RemoteConfigSource", () => {
  it("fetches the configuration, then long-polls with its revision and delivers each new one", async () => {
    const s = source((request, n) => {
      if (n === 0) return { ok: true, status: 200, body: config(1) };
      if (n < 3) return { ok: true, status: 304, body: null };
      if (n === 3) return { ok: true, status: 200, body: config(2) };
      return new Promise<PortalReply>((resolve) => setTimeout(() => resolve({ ok: true, status: 304, body: null }), 5));
    });
    await s.started;
    await until(() => s.updates.length === 2);
    await s.remote.stop();
    expect(s.updates).toEqual([1, 2]);
    expect(s.requests.slice(0, 5)).toEqual(["/config", "/config?revision=1", "/config?revision=1", "/config?revision=1", "/config?revision=2"]);
    expect(s.remote.status).toEqual({ readable: true, reason: null });
    // The cache file is replaced by rename, whole, in the background: it ends at the newest revision.
    await until(() => existsSync(s.cache.file) && JSON.parse(readFileSync(s.cache.file, "utf8")).config.revision === 2);
    expect(statSync(s.cache.file).mode & 0o777).toBe(0o600);
  });

  it("takes a long-poll that outlasts its timeout (a portal holding longer) as no change, and asks again at once", async () => {
    const s = source((request, n) => {
      if (n === 0) return { ok: true, status: 200, body: config(1) };
      if (n < 3) return { ok: false, kind: "network", message: "no answer within 30000 ms", timedOut: true };
      if (n === 3) return { ok: true, status: 200, body: config(2) };
      return new Promise<PortalReply>((resolve) => setTimeout(() => resolve({ ok: true, status: 304, body: null }), 5));
    });
    await until(() => s.updates.length === 2);
    await s.remote.stop();
    expect(s.requests.slice(0, 4)).toEqual(["/config", "/config?revision=1", "/config?revision=1", "/config?revision=1"]);
    expect(s.pauses).toEqual([]);
    expect(s.remote.status).toEqual({ readable: true, reason: null });
  });

  it("serves the cache file when the portal is unreachable at start, and says so", async () => {
    await new ConfigCache(join(dir, "gateway-config-edge.json"), configResponseSchema).write(config(3), Date.now() - 90_000);
    const s = source(() => DOWN);
    await s.started;
    expect(s.updates).toEqual([3]);
    expect(s.remote.status).toEqual({ readable: false, reason: "serving the cached configuration (revision 3): portal unreachable: ECONNREFUSED" });
    expect(s.remote.served).toEqual({ revision: 3, origin: "cache" });
    await s.remote.stop();
    const line = stderr.map((l) => JSON.parse(l)).find((l) => l.msg === "portal unavailable: serving the cached configuration");
    expect(line).toMatchObject({ level: "warn", reason: "portal unreachable: ECONNREFUSED", revision: 3, ageSeconds: 90 });
  });

  it("has nothing to serve without portal or cache, says why, and keeps retrying", async () => {
    const s = source(() => DOWN);
    await s.started;
    expect(s.updates).toEqual([]);
    expect(s.remote.status).toEqual({
      readable: false,
      reason: `portal unreachable: ECONNREFUSED; no cached configuration at ${join(dir, "gateway-config-edge.json")}`,
    });
    await until(() => s.requests.length >= 4);
    await s.remote.stop();
    expect(s.requests.slice(0, 4)).toEqual(["/config", "/config", "/config", "/config"]);
  });

  it("logs a refused token once with the portal's reason, however often it is retried, and serves only what it had", async () => {
    let n = 0;
    const s = source(() => (n++ === 0 ? { ok: true, status: 200, body: config(5) } : EXPIRED));
    await s.started;
    await until(() => s.requests.length >= 5);
    await s.remote.stop();
    const refusals = stderr.map((l) => JSON.parse(l)).filter((l) => l.msg.startsWith("gateway token refused"));
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatchObject({
      level: "error",
      msg: "gateway token refused by the portal: serving only the configuration already held; a new token needs a restart",
      code: "GatewayTokenExpired",
      reason: "The token expired at 2026-01-01T00:00:00.000Z; generate a new one.",
      serving: { origin: "portal", revision: 5 },
    });
    expect(s.updates).toEqual([5]);
    expect(s.remote.status.reason).toBe(
      "serving revision 5: the portal refused the gateway token (GatewayTokenExpired): The token expired at 2026-01-01T00:00:00.000Z; generate a new one.",
    );
  });

  it("refuses a configuration meant for another gateway and a cache file of another gateway", async () => {
    await new ConfigCache(join(dir, "gateway-config-edge.json"), configResponseSchema).write(config(3, "other"));
    const s = source(() => ({ ok: true, status: 200, body: config(1, "other") }));
    await s.started;
    await s.remote.stop();
    expect(s.updates).toEqual([]);
    expect(s.remote.status).toEqual({
      readable: false,
      reason: `the portal sent the configuration of gateway 'other'; the cache file ${join(dir, "gateway-config-edge.json")} belongs to gateway 'other'`,
    });
  });
});
