/**
 * Scale-out as a whole (DESIGN §6), all real processes and no mocks: a redis-server started
 * here, the portal's real routes over real HTTP on a temp SQLite file (administered over that
 * HTTP too), two self-hosted gateways (`paris`, `tokyo`: no database, a token each) and the
 * co-deployed gateway on the file with two workers, every one of them on the same REDIS_URL.
 * One rate limit holds exactly across all of them; an API goes live on the remote gateways
 * within 2 s of its assignment; Redis killed mid-run costs no answer (fail open, counted), and
 * once it is back the limit is shared exactly again.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEchoBackend, type EchoBackend } from "../../helpers/echo-backend";
import { gatewayReadiness } from "../../helpers/gateway-health";
import { startGateway, waitFor, type GatewayProcess } from "../../helpers/gateway-process";
import { attemptHandshake, type HandshakeAnswer } from "../../helpers/handshake-client";
import { startPortalRouteServer, type PortalRouteServer } from "../../helpers/portal-route-server";
import { parsePrometheusText } from "../../helpers/prometheus-text";
import { startRedisServer, type RedisServer } from "../../helpers/redis-server";
import { ADMIN_TOKEN, setUpManagementApi, tearDownManagementApi } from "@/tests/helpers/management-fixture";

let portal: PortalRouteServer;
let backend: EchoBackend;
let redis: RedisServer;
let managed: GatewayProcess;
let paris: GatewayProcess;
let tokyo: GatewayProcess;
/** Every gateway, the co-deployed one (two workers) first. */
let all: GatewayProcess[];

// Each round counts on its own key (the `round` query parameter).
const LIMIT = `<rate-limit-by-key calls="30" renewal-period="60" counter-key="@(context.Request.Url.Query.GetValueOrDefault(&quot;round&quot;, &quot;none&quot;))" remaining-calls-header-name="X-RateLimit-Remaining" />`;

/** The management API over the portal's HTTP listener, as an administrator's script would call it. */
async function manage(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> | null }> {
  const response = await fetch(`${portal.url}/api/management${path}`, {
    method,
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return { status: response.status, body: text === "" ? null : (JSON.parse(text) as Record<string, unknown>) };
}

async function createApi(id: string, policy?: string): Promise<void> {
  await manage("PUT", `/apis/${id}`, { properties: { displayName: id, serviceUrl: backend.url(), path: id, protocols: ["ws"], subscriptionRequired: false } });
  if (policy) await manage("PUT", `/apis/${id}/policies/policy`, { properties: { format: "rawxml", value: `<policies><inbound><base />${policy}</inbound></policies>` } });
}

async function startRemote(gatewayId: string, dir: string): Promise<GatewayProcess> {
  await manage("PUT", `/gateways/${gatewayId}`, { properties: { locationData: { name: gatewayId } } });
  await manage("PUT", `/gateways/${gatewayId}/apis/limited`);
  const token = (await manage("POST", `/gateways/${gatewayId}/generateToken`, { keyType: "primary", expiry: new Date(Date.now() + 86_400_000).toISOString() })).body!.value as string;
  return startGateway("", {
    PORTCULLIS_CONFIG_URL: portal.url,
    PORTCULLIS_GATEWAY_TOKEN: token,
    GATEWAY_CONFIG_CACHE: join(dir, `cache-${gatewayId}.json`),
    REDIS_URL: redis.url,
  });
}

async function status(gateway: GatewayProcess, path: string): Promise<HandshakeAnswer> {
  const answer = await attemptHandshake(gateway.url(path));
  answer.socket?.destroy();
  return answer;
}

/** `n` concurrent handshakes on one round's key, spread in turn over every gateway. */
async function burst(round: string, n: number): Promise<HandshakeAnswer[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => status(all[i % all.length]!, `/limited?round=${round}&n=${i}`)));
}

function expectExactlyShared(answers: HandshakeAnswer[]): void {
  expect(answers.filter((a) => a.status === 101)).toHaveLength(30);
  expect(answers.filter((a) => a.status === 429)).toHaveLength(60);
  // Each remaining count was handed out once across every gateway and worker: one counter.
  const remaining = answers.filter((a) => a.status === 101).map((a) => Number(a.headers["x-ratelimit-remaining"]));
  expect(remaining.sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i));
}

/** portcullis_counter_store_errors_total of each gateway (the co-deployed one's summed over its workers). */
async function counterStoreErrors(): Promise<number[]> {
  return Promise.all(
    all.map(async (gateway) => {
      const samples = parsePrometheusText(await (await fetch(`http://127.0.0.1:${gateway.adminPort}/metrics`)).text());
      return samples.filter((s) => s.name === "portcullis_counter_store_errors_total").reduce((n, s) => n + s.value, 0);
    }),
  );
}

beforeAll(async () => {
  await setUpManagementApi();
  const dir = join(process.env.PORTCULLIS_DB!, "..");
  [backend, redis, portal] = await Promise.all([startEchoBackend(), startRedisServer(), startPortalRouteServer()]);
  await createApi("limited", LIMIT);
  await createApi("private");
  await createApi("late");
  [managed, paris, tokyo] = await Promise.all([
    startGateway(process.env.PORTCULLIS_DB!, { REDIS_URL: redis.url }, { workers: 2 }),
    startRemote("paris", dir),
    startRemote("tokyo", dir),
  ]);
  all = [managed, paris, tokyo];
  await waitFor(async () => (await Promise.all(all.map(gatewayReadiness))).every((r) => r.status === 200), 20_000, 100);
  expect((await gatewayReadiness(managed)).body.workers).toHaveLength(2);
}, 90_000);

afterAll(async () => {
  await Promise.all([managed, paris, tokyo].map((g) => g?.stop()));
  await portal?.stop();
  await backend?.close();
  await redis?.stop();
  tearDownManagementApi();
});

describe("scale-out: two self-hosted gateways and a co-deployed one with two workers on one Redis", () => {
  it("lets exactly 30 of 90 concurrent handshakes spread over every gateway through one 30-call limit", async () => {
    const answers = await burst("first", 90);
    expectExactlyShared(answers);
    // Every gateway answered its share from the shared counter (101 or 429, nothing else).
    for (const [g] of all.entries()) expect(answers.filter((a, n) => n % all.length === g).every((a) => a.status === 101 || a.status === 429)).toBe(true);
    expect(await counterStoreErrors()).toEqual([0, 0, 0]);

    // Every handshake is one log row in the portal under its gateway's id, the remote ones shipped over HTTP.
    const rows = await waitFor(async () => {
      const byGateway = await Promise.all(
        ["managed", "paris", "tokyo"].map(async (id) => {
          const listed = (await manage("GET", `/logs?gatewayId=${id}&apiId=limited&$top=1000`)).body!.value as { url: string; responseCode: number }[];
          return listed.filter((r) => r.url.includes("round=first"));
        }),
      );
      return byGateway.every((r) => r.length === 30) ? byGateway : null;
    }, 10_000, 100);
    expect(rows.flat().filter((r) => r.responseCode === 101)).toHaveLength(30);
  });

  it("serves on a self-hosted gateway only the APIs assigned to it", async () => {
    for (const remote of [paris, tokyo]) {
      const answer = await status(remote, "/private");
      expect(answer.status).toBe(404);
      expect(JSON.parse(answer.body)).toEqual({ statusCode: 404, message: "Resource not found" });
    }
    expect((await status(managed, "/private")).status).toBe(101);
  });

  it("serves a newly assigned API on both self-hosted gateways within 2 s", async () => {
    expect((await status(paris, "/late")).status).toBe(404);
    const started = performance.now();
    await Promise.all([manage("PUT", "/gateways/paris/apis/late"), manage("PUT", "/gateways/tokyo/apis/late")]);
    const live = async (gateway: GatewayProcess) => {
      await waitFor(async () => (await status(gateway, "/late")).status === 101, 5_000, 20);
      return performance.now() - started;
    };
    const [a, b] = await Promise.all([live(paris), live(tokyo)]);
    console.log(`newly assigned API live on paris after ${Math.round(a)} ms, on tokyo after ${Math.round(b)} ms`);
    expect(Math.max(a, b)).toBeLessThan(2_000);
  });

  it("answers every handshake while Redis is killed mid-run (fail open, counted) and shares the limit exactly once it is back", async () => {
    const errorsBefore = await counterStoreErrors();
    // 60 handshakes on a 30-call key, three lanes at a time; Redis is killed after the tenth answer.
    const answers: HandshakeAnswer[] = [];
    let next = 0;
    const lane = async () => {
      while (next < 60) {
        const i = next++;
        answers.push(await status(all[i % all.length]!, `/limited?round=outage&n=${i}`));
        if (answers.length === 10) await redis.stop({ kill: true });
      }
    };
    await Promise.all([lane(), lane(), lane()]);
    // Twice the limit, all let through: those after the kill were not counted, and none waited for Redis or failed.
    expect(answers.map((a) => a.status)).toEqual(Array(60).fill(101));
    const errorsDuring = await counterStoreErrors();
    const moved = errorsDuring.map((n, g) => n - errorsBefore[g]!);
    console.log(`counter store errors while Redis was down: ${moved.join(", ")} (co-deployed, paris, tokyo)`);
    expect(moved.every((n) => n > 0)).toBe(true);
    expect(moved.reduce((n, m) => n + m, 0)).toBeGreaterThanOrEqual(60 - 10 - 3);

    // Redis back on the same port, empty: each gateway (each worker) reconnects by itself; a fresh key's first call leaves 29.
    await redis.restart();
    let probe = 0;
    for (const gateway of all) {
      // Round robin: two probes in a row on the co-deployed gateway reach both of its workers.
      await waitFor(async () => {
        const counted = await Promise.all([0, 1].map(async () => (await status(gateway, `/limited?round=probe-${probe++}`)).headers["x-ratelimit-remaining"] === "29"));
        return counted.every(Boolean);
      }, 15_000, 100);
    }
    expectExactlyShared(await burst("after", 90));
  }, 60_000);
});
