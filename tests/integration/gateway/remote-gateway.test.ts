/**
 * Self-hosted gateways end to end (DESIGN §6), all real processes: the portal's routes over real
 * HTTP (tests/helpers/portal-route-server.ts, on a temp SQLite file), the co-deployed gateway on
 * that file, and two instances of the remote gateway `edge` that have no database, only
 * PORTCULLIS_CONFIG_URL, a token and a cache file each.
 */
import { copyFileSync, readdirSync, readlinkSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatGatewayToken } from "@/gateway/remote/gateway-token";
import { startEchoBackend, type EchoBackend } from "../../helpers/echo-backend";
import { startGateway, waitFor, type GatewayProcess } from "../../helpers/gateway-process";
import { attemptHandshake, closeOf, openClient, roundTrip } from "../../helpers/handshake-client";
import { startPortalRouteServer, type PortalRouteServer } from "../../helpers/portal-route-server";
import { api, apiJson, setUpManagementApi, tearDownManagementApi } from "@/tests/helpers/management-fixture";

let dir: string;
let portal: PortalRouteServer;
let backend: EchoBackend;
let managed: GatewayProcess;
let edgeA: GatewayProcess;
let edgeB: GatewayProcess;
const extra: GatewayProcess[] = [];
let token: string;

/** A remote gateway process: no PORTCULLIS_DB, the portal's URL, a token and its own cache file. */
function startRemote(name: string, gatewayToken: string, env: Record<string, string> = {}): Promise<GatewayProcess> {
  return startGateway("", {
    PORTCULLIS_CONFIG_URL: portal.url,
    PORTCULLIS_GATEWAY_TOKEN: gatewayToken,
    GATEWAY_CONFIG_CACHE: join(dir, `cache-${name}.json`),
    GATEWAY_HEARTBEAT_MS: "200",
    ...env,
  });
}

async function ready(gateway: GatewayProcess): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`http://127.0.0.1:${gateway.adminPort}/readyz`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function handshakeStatus(gateway: GatewayProcess, path: string): Promise<number> {
  const answer = await attemptHandshake(gateway.url(path));
  answer.socket?.destroy();
  return answer.status;
}

/** What a process has open (Linux): the targets of /proc/{pid}/fd. */
function openFiles(pid: number): string[] {
  return readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
    try {
      return [readlinkSync(`/proc/${pid}/fd/${fd}`)];
    } catch {
      return []; // closed since the listing
    }
  });
}

/** The gateway's JSON log lines with `msg` starting with `prefix`. */
function logLines(gateway: GatewayProcess, prefix: string): Record<string, unknown>[] {
  return gateway.lines
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => String(line.msg).startsWith(prefix));
}

beforeAll(async () => {
  await setUpManagementApi();
  dir = join(process.env.PORTCULLIS_DB!, "..");
  backend = await startEchoBackend();
  portal = await startPortalRouteServer();
  for (const [id, path] of [
    ["echo", "echo"],
    ["internal", "internal"],
  ]) {
    const created = await api("PUT", `/apis/${id}`, {
      body: { properties: { displayName: id, serviceUrl: backend.url(), path, protocols: ["ws"], subscriptionRequired: false } },
    });
    expect(created.status).toBe(201);
  }
  expect((await api("PUT", "/gateways/edge", { body: { properties: { locationData: { name: "Edge", city: "Paris" } } } })).status).toBe(201);
  expect((await api("PUT", "/gateways/edge/apis/echo")).status).toBeLessThan(300);
  const generated = await apiJson("POST", "/gateways/edge/generateToken", {
    body: { keyType: "primary", expiry: new Date(Date.now() + 86_400_000).toISOString() },
  });
  expect(generated.status).toBe(200);
  token = generated.body.value;
  [managed, edgeA, edgeB] = await Promise.all([startGateway(process.env.PORTCULLIS_DB!), startRemote("a", token), startRemote("b", token)]);
  await waitFor(async () => (await ready(edgeA)).status === 200 && (await ready(edgeB)).status === 200, 15_000);
}, 120_000);

afterAll(async () => {
  await Promise.all([managed, edgeA, edgeB, ...extra].map((g) => g?.stop()));
  await portal?.stop();
  await backend?.close();
  tearDownManagementApi();
});

describe("a self-hosted gateway", () => {
  it("starts without a database and serves exactly the APIs assigned to its gateway", async () => {
    expect(edgeA.lines.some((line) => line.includes('"gateway listening"') && line.includes('"gateway":"edge"'))).toBe(true);
    // No SQLite file and no secrets file is open in the remote gateway's process (its cache file is written and closed);
    // the co-deployed gateway, for contrast, has its database open.
    const dataFiles = (pid: number) => openFiles(pid).filter((target) => /\.db(-wal|-shm)?$|secrets\.json$/.test(target));
    expect(dataFiles(edgeA.proc.pid!)).toEqual([]);
    expect(dataFiles(managed.proc.pid!)).toContain(process.env.PORTCULLIS_DB);
    expect(await handshakeStatus(edgeA, "/echo")).toBe(101);
    expect(await handshakeStatus(edgeB, "/echo")).toBe(101);
    expect(await handshakeStatus(edgeA, "/internal")).toBe(404);
    expect(await handshakeStatus(managed, "/internal")).toBe(101);
    const ws = await openClient(edgeA.url("/echo"));
    expect((await roundTrip(ws, "through the edge")).data.toString()).toBe("through the edge");
    ws.close();
  });

  it("serves a newly assigned API on both instances within 2 s", async () => {
    const started = performance.now();
    expect((await api("PUT", "/gateways/edge/apis/internal")).status).toBeLessThan(300);
    const live = async (gateway: GatewayProcess) => {
      await waitFor(async () => (await handshakeStatus(gateway, "/internal")) === 101, 5_000, 20);
      return performance.now() - started;
    };
    const [a, b] = await Promise.all([live(edgeA), live(edgeB)]);
    console.log(`newly assigned API live on the remote gateways after ${Math.round(a)} ms and ${Math.round(b)} ms`);
    expect(Math.max(a, b)).toBeLessThan(2_000);
  });

  it("reports each instance's heartbeat to the portal", async () => {
    const instances = await waitFor(async () => {
      const answer = await apiJson("GET", "/gateways/edge/instances");
      return answer.body.value.length === 2 ? answer.body.value : null;
    }, 10_000);
    for (const instance of instances) expect(instance).toMatchObject({ version: "0.1.0", workers: 1 });
  });

  it("ships its log rows to the portal under its gateway id", async () => {
    const ws = await openClient(edgeA.url("/echo?shipped=1"));
    const closed = closeOf(ws);
    ws.close(1000, "done");
    await closed;
    const row = await waitFor(async () => {
      const answer = await apiJson("GET", "/logs?gatewayId=edge&apiId=echo");
      return answer.body.value.find((r: { url: string; closedAt: string | null }) => r.url === "/echo?shipped=1" && r.closedAt !== null);
    }, 10_000);
    expect(row).toMatchObject({ gatewayId: "edge", apiId: "echo", responseCode: 101, closeCode: 1000, closeReason: "done", closedBy: "client" });
  });

  it("closes a connection an administrator asks to close (1008 and the reason)", async () => {
    const ws = await openClient(edgeB.url("/echo?closeme=1"));
    const closed = closeOf(ws);
    const row = await waitFor(async () => {
      const answer = await apiJson("GET", "/logs?gatewayId=edge&apiId=echo");
      return answer.body.value.find((r: { url: string }) => r.url === "/echo?closeme=1");
    }, 10_000);
    const asked = await api("POST", `/connections/${row.id}/close`, { body: { reason: "Closed by the test" } });
    expect(asked.status).toBe(202);
    expect(await closed).toEqual({ code: 1008, reason: "Closed by the test" });
  });
});

describe("a self-hosted gateway without its portal", () => {
  it("keeps serving, and a restart serves from its 0600 cache file", async () => {
    await portal.stop();
    expect(await handshakeStatus(edgeA, "/echo")).toBe(101);
    expect(await handshakeStatus(edgeA, "/internal")).toBe(101);
    const cacheFile = join(dir, "cache-b.json");
    expect(statSync(cacheFile).mode & 0o777).toBe(0o600);

    await edgeB.stop();
    edgeB = await startRemote("b", token);
    expect(await handshakeStatus(edgeB, "/echo")).toBe(101);
    expect(await handshakeStatus(edgeB, "/internal")).toBe(101);
    expect(await ready(edgeB)).toMatchObject({ status: 200, body: { configReadable: false } });
    const [line] = logLines(edgeB, "portal unavailable: serving the cached configuration");
    expect(line).toMatchObject({ level: "warn", file: cacheFile, revision: expect.any(Number), ageSeconds: expect.any(Number) });
    expect(String(line!.reason)).toMatch(/^portal unreachable: /);

    await portal.restart();
    await waitFor(async () => (await ready(edgeB)).body.configReadable === true, 20_000);
    expect(logLines(edgeB, "portal reachable again")).toHaveLength(1);
  }, 60_000);
});

describe("a refused gateway token", () => {
  it("is logged once with the portal's reason; the gateway serves only what its cache held", async () => {
    const keys = await apiJson("POST", "/gateways/edge/listKeys");
    const secondaryToken = (await apiJson("POST", "/gateways/edge/generateToken", { body: { keyType: "secondary", expiry: new Date(Date.now() + 86_400_000).toISOString() } })).body.value;
    expect((await api("POST", "/gateways/edge/regenerateKey", { body: { keyType: "secondary" } })).status).toBeLessThan(300);
    const tokens = {
      forged: formatGatewayToken("edge", new Date(Date.now() + 86_400_000), "not-a-key-of-this-gateway"),
      expired: formatGatewayToken("edge", new Date(Date.now() - 120_000), keys.body.primary),
      revoked: secondaryToken as string,
    };
    // The revoked one restarts with the cache an instance of its gateway wrote: it serves that, and only that.
    copyFileSync(join(dir, "cache-a.json"), join(dir, "cache-revoked.json"));
    const [forged, expired, revoked] = await Promise.all([startRemote("forged", tokens.forged), startRemote("expired", tokens.expired), startRemote("revoked", tokens.revoked)]);
    extra.push(forged, expired, revoked);

    const refusal = async (gateway: GatewayProcess) =>
      waitFor(() => logLines(gateway, "gateway token refused by the portal")[0], 15_000);
    expect(await refusal(forged)).toMatchObject({ level: "error", code: "GatewayTokenInvalid", reason: expect.stringContaining("matches neither key of gateway 'edge'") });
    expect(await refusal(expired)).toMatchObject({ level: "error", code: "GatewayTokenExpired", reason: expect.stringMatching(/^The token expired at /) });
    expect(await refusal(revoked)).toMatchObject({ level: "error", code: "GatewayTokenRevoked", reason: expect.stringContaining("regenerated") });

    for (const gateway of [forged, expired]) {
      const answer = await ready(gateway);
      expect(answer.status).toBe(503);
      expect(String(answer.body.configError)).toContain("the portal refused the gateway token");
      expect(await handshakeStatus(gateway, "/echo")).toBe(503);
    }
    expect(await handshakeStatus(revoked, "/echo")).toBe(101);
    expect((await ready(revoked)).status).toBe(200);

    // Retried with backoff (1 s, then 2 s…), but said once.
    const tries = () => portal.received.filter((r) => r.authorization === tokens.forged && r.path.startsWith("/api/gateway/v1/config")).length;
    await waitFor(() => tries() >= 3, 15_000);
    expect(logLines(forged, "gateway token refused by the portal")).toHaveLength(1);
  }, 150_000);
});
