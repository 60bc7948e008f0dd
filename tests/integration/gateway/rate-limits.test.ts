/** Rate limits and quotas through the real gateway: exact counts under concurrency, APIM's refusals on the wire. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { policies } from "@/db/schema/index";
import { startEchoBackend, type EchoBackend } from "../../helpers/echo-backend";
import { waitForLogRow } from "../../helpers/gateway-logs";
import { startGateway, type GatewayProcess } from "../../helpers/gateway-process";
import { attemptHandshake, type HandshakeAnswer } from "../../helpers/handshake-client";
import { insertSubscription } from "../../helpers/insert-subscription";
import { createTempDatabase, insertApi, type TempDatabase } from "../../helpers/temp-db";

let tmp: TempDatabase;
let backend: EchoBackend;
let gateway: GatewayProcess;
let subscriptionKey: string;

const inbound = (policy: string) => `<policies><inbound><base />${policy}</inbound></policies>`;

beforeAll(async () => {
  tmp = createTempDatabase();
  backend = await startEchoBackend();
  // Everything is in the database before the gateway starts, so no test races a reload.
  insertApi(tmp.db, { id: "limited", path: "limited", serviceUrl: backend.url() });
  insertApi(tmp.db, { id: "daily", path: "daily", serviceUrl: backend.url() });
  insertApi(tmp.db, { id: "metered", path: "metered", serviceUrl: backend.url(), subscriptionRequired: true });
  const rows = [
    {
      scopeId: "limited",
      value: inbound(
        `<rate-limit-by-key calls="50" renewal-period="60" counter-key="@(context.Request.IpAddress)" remaining-calls-header-name="X-RateLimit-Remaining" />`,
      ),
    },
    { scopeId: "daily", value: inbound(`<quota-by-key calls="2" renewal-period="86400" counter-key="@(context.Request.IpAddress)" />`) },
    { scopeId: "metered", value: inbound(`<quota calls="1" renewal-period="3600" />`) },
  ];
  for (const row of rows) tmp.db.insert(policies).values({ scope: "api", ...row }).run();
  subscriptionKey = insertSubscription(tmp.db, tmp.file, { id: "metered-sub", scope: "/apis/metered", displayName: "Metered" }).primary;
  gateway = await startGateway(tmp.file);
});

afterAll(async () => {
  await gateway?.stop();
  await backend?.close();
  tmp?.cleanup();
});

function close(answers: HandshakeAnswer[]): void {
  for (const a of answers) a.socket?.destroy();
}

describe("rate limits and quotas in the gateway", () => {
  it("lets exactly 50 of 200 concurrent handshakes through a 50-call rate-limit-by-key and refuses 150 with 429 and Retry-After", async () => {
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => attemptHandshake(gateway.url(`/limited?n=${i}`))));
    try {
      const accepted = answers.filter((a) => a.status === 101);
      const refused = answers.filter((a) => a.status === 429);
      expect(accepted).toHaveLength(50);
      expect(refused).toHaveLength(150);
      // Each accepted handshake was told what it left: 49 down to 0, once each.
      expect(accepted.map((a) => Number(a.headers["x-ratelimit-remaining"])).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
      for (const r of refused) {
        const seconds = Number(r.headers["retry-after"]);
        expect(seconds).toBeGreaterThanOrEqual(59);
        expect(seconds).toBeLessThanOrEqual(60);
        expect(JSON.parse(r.body)).toEqual({ statusCode: 429, message: `Rate limit is exceeded. Try again in ${seconds} seconds.` });
      }
      const row = await waitForLogRow(tmp.db, `/limited?n=${answers.indexOf(refused[0]!)}`);
      expect(row).toMatchObject({ responseCode: 429, lastErrorReason: "RateLimitExceeded", lastErrorSource: "rate-limit-by-key" });
    } finally {
      close(answers);
    }
  });

  it("refuses a spent quota-by-key with 403, the time until it renews and Retry-After", async () => {
    const first = await attemptHandshake(gateway.url("/daily"));
    const second = await attemptHandshake(gateway.url("/daily"));
    close([first, second]);
    expect([first.status, second.status]).toEqual([101, 101]);
    const third = await attemptHandshake(gateway.url("/daily?third"));
    expect(third.status).toBe(403);
    const { statusCode, message } = JSON.parse(third.body) as { statusCode: number; message: string };
    expect(statusCode).toBe(403);
    // Days' periods start at UTC midnight: the message counts down to the next one.
    const match = /^Out of call volume quota\. Quota will be replenished in (\d\d):(\d\d):(\d\d)\.$/.exec(message);
    expect(match).not.toBeNull();
    const seconds = Number(match![1]) * 3600 + Number(match![2]) * 60 + Number(match![3]);
    const untilMidnight = Math.ceil((Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + 1) - Date.now()) / 1000);
    expect(Math.abs(seconds - untilMidnight)).toBeLessThanOrEqual(2);
    expect(Number(third.headers["retry-after"])).toBe(seconds);
    const row = await waitForLogRow(tmp.db, "/daily?third");
    expect(row).toMatchObject({ responseCode: 403, lastErrorReason: "QuotaExceeded", lastErrorSource: "quota-by-key" });
  });

  it("counts a per-subscription quota by the caller's subscription", async () => {
    const withKey = { "Ocp-Apim-Subscription-Key": subscriptionKey };
    const first = await attemptHandshake(gateway.url("/metered"), withKey);
    close([first]);
    expect(first.status).toBe(101);
    const second = await attemptHandshake(gateway.url("/metered"), withKey);
    expect(second.status).toBe(403);
    expect(JSON.parse(second.body)).toMatchObject({ statusCode: 403, message: expect.stringMatching(/^Out of call volume quota\. Quota will be replenished in 00:\d\d:\d\d\.$/) });
    expect(Number(second.headers["retry-after"])).toBeGreaterThan(0);
  });
});
