/**
 * Counters shared through Redis (DESIGN.md §6, REDIS_URL): real gateway processes on one SQLite
 * file and one real redis-server. One limit holds exactly across gateways; with Redis killed the
 * gateways still answer (fail open, counted in /metrics) or refuse with 503 when told to; with
 * Redis back on its port they share the limit again.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../helpers/free-port";
import { policies } from "@/db/schema/index";
import { startEchoBackend, type EchoBackend } from "../../helpers/echo-backend";
import { waitForLogRow } from "../../helpers/gateway-logs";
import { startGateway, waitFor, type GatewayProcess } from "../../helpers/gateway-process";
import { attemptHandshake, type HandshakeAnswer } from "../../helpers/handshake-client";
import { parsePrometheusText } from "../../helpers/prometheus-text";
import { startRedisServer, type RedisServer } from "../../helpers/redis-server";
import { createTempDatabase, insertApi, type TempDatabase } from "../../helpers/temp-db";

let tmp: TempDatabase;
let backend: EchoBackend;
let redis: RedisServer;
/** Two gateways that let calls through when Redis is away (the default)… */
const sharing: GatewayProcess[] = [];
/** …and one that refuses them (GATEWAY_COUNTERS_ON_ERROR=deny). */
let denying: GatewayProcess;

// The counter key is the `round` query parameter, so each test counts on a fresh key.
const LIMIT = `<rate-limit-by-key calls="30" renewal-period="60" counter-key="@(context.Request.Url.Query.GetValueOrDefault(&quot;round&quot;, &quot;none&quot;))" remaining-calls-header-name="X-RateLimit-Remaining" />`;

beforeAll(async () => {
  tmp = createTempDatabase();
  backend = await startEchoBackend();
  redis = await startRedisServer();
  insertApi(tmp.db, { id: "shared", path: "shared", serviceUrl: backend.url() });
  tmp.db
    .insert(policies)
    .values({ scope: "api", scopeId: "shared", value: `<policies><inbound><base />${LIMIT}</inbound></policies>` })
    .run();
  const env = { REDIS_URL: redis.url };
  [sharing[0], sharing[1], denying] = await Promise.all([
    startGateway(tmp.file, env),
    startGateway(tmp.file, env),
    startGateway(tmp.file, { ...env, GATEWAY_COUNTERS_ON_ERROR: "deny" }),
  ]);
});

afterAll(async () => {
  await Promise.all([...sharing, denying].map((g) => g?.stop()));
  await backend?.close();
  await redis?.stop();
  tmp?.cleanup();
});

/** `n` concurrent handshakes on one round's key, alternating between the sharing gateways. */
async function burst(round: string, n: number): Promise<HandshakeAnswer[]> {
  const answers = await Promise.all(Array.from({ length: n }, (_, i) => attemptHandshake(sharing[i % 2]!.url(`/shared?round=${round}&n=${i}`))));
  for (const a of answers) a.socket?.destroy();
  return answers;
}

function expectExactlyShared(answers: HandshakeAnswer[]): void {
  const accepted = answers.filter((a) => a.status === 101);
  expect(accepted).toHaveLength(30);
  expect(answers.filter((a) => a.status === 429)).toHaveLength(60);
  // Both gateways let calls through, and each remaining count was handed out once across them.
  expect(accepted.map((a) => Number(a.headers["x-ratelimit-remaining"])).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i));
}

async function counterStoreErrors(gateway: GatewayProcess): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${gateway.adminPort}/metrics`)).text();
  const samples = parsePrometheusText(text).filter((s) => s.name === "portcullis_counter_store_errors_total");
  expect(samples.map((s) => s.labels)).toEqual([{ gateway: "managed" }]);
  return samples[0]!.value;
}

describe("rate limits shared through Redis by two gateway processes", () => {
  it("counts one limit across both gateways: handshakes taken in turns see one remaining count go down", async () => {
    const remaining: string[] = [];
    for (let i = 0; i < 4; i++) {
      const answer = await attemptHandshake(sharing[i % 2]!.url(`/shared?round=turns&n=${i}`));
      answer.socket?.destroy();
      expect(answer.status).toBe(101);
      remaining.push(answer.headers["x-ratelimit-remaining"] as string);
    }
    expect(remaining).toEqual(["29", "28", "27", "26"]);
  });

  it("lets exactly 30 of 90 concurrent handshakes spread over both gateways through a 30-call limit", async () => {
    // Which gateway wins which of the 30 is a race (a busy machine may let one gateway take them
    // all, as a real limiter should); that both share one counter is the test above.
    const answers = await burst("first", 90);
    expectExactlyShared(answers);
    expect(await Promise.all(sharing.map(counterStoreErrors))).toEqual([0, 0]);
  });

  it("keeps answering while Redis is down (fail open, counted; 503 where told to deny) and shares exactly again once Redis is back", async () => {
    const errorsBefore = await Promise.all(sharing.map(counterStoreErrors));
    await redis.stop({ kill: true });

    // Past the limit, every handshake gets through: nothing can count it.
    const during = await burst("outage", 40);
    expect(during.map((a) => a.status)).toEqual(Array(40).fill(101));
    const errorsDuring = await Promise.all(sharing.map(counterStoreErrors));
    expect(errorsDuring[0]! + errorsDuring[1]! - errorsBefore[0]! - errorsBefore[1]!).toBe(40);
    // Logged once per outage, not once per handshake.
    for (const g of sharing) expect(g.lines.filter((l) => l.includes('"counter store unavailable: rate limits and quotas are not enforced')).length).toBe(1);

    // The denying gateway refuses with APIM's body, and its log row says why.
    const refused = await attemptHandshake(denying.url("/shared?round=outage&deny=1"));
    expect(refused.status).toBe(503);
    expect(JSON.parse(refused.body)).toEqual({ statusCode: 503, message: "Rate limits and quotas cannot be checked right now. Try again later." });
    const row = await waitForLogRow(tmp.db, "/shared?round=outage&deny=1");
    expect(row).toMatchObject({ responseCode: 503, lastErrorReason: "CounterStoreUnavailable", lastErrorSource: "rate-limit-by-key" });
    expect(await counterStoreErrors(denying)).toBeGreaterThanOrEqual(1);

    // Redis back on the same port (empty): each gateway reconnects by itself; a counted call says 29 remain.
    await redis.restart();
    let probe = 0;
    for (const gateway of [...sharing, denying]) {
      await waitFor(async () => {
        const answer = await attemptHandshake(gateway.url(`/shared?round=probe-${probe++}`));
        answer.socket?.destroy();
        return answer.headers["x-ratelimit-remaining"] === "29";
      }, 10_000, 100);
    }
    expect(sharing.every((g) => g.lines.some((l) => l.includes("counter store available again")))).toBe(true);
    expectExactlyShared(await burst("after", 90));
  });

  it("starts and serves when its Redis is not there at all, letting handshakes through and counting the errors", async () => {
    const nobody = await freePort();
    const lonely = await startGateway(tmp.file, { REDIS_URL: `redis://127.0.0.1:${nobody}` });
    try {
      const answer = await attemptHandshake(lonely.url("/shared?round=lonely"));
      answer.socket?.destroy();
      expect(answer.status).toBe(101);
      expect(answer.headers["x-ratelimit-remaining"]).toBe("30");
      expect(await counterStoreErrors(lonely)).toBe(1);
      expect(lonely.lines.filter((l) => l.includes('"counter store unavailable')).length).toBe(1);
    } finally {
      await lonely.stop();
    }
    // A process start on a loaded machine.
  }, 60_000);
});
