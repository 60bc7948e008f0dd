/** Gateway logs and per-minute metrics read through the management API's route handlers. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { connectionCloseRequests, gatewayLogs, gateways, metricsMinute } from "@/db/schema/index";
import { latencyBucket } from "@/gateway/telemetry/latency-histogram";
import { getDb } from "@/server/db";
import { api, apiJson, DEVELOPER_TOKEN, PUBLISHER_TOKEN, resetData, setUpManagementApi, tearDownManagementApi } from "@/tests/helpers/management-fixture";

beforeAll(setUpManagementApi);
afterAll(tearDownManagementApi);
beforeEach(resetData);

const T0 = Date.parse("2025-03-01T10:00:00Z");
const MINUTE = 60_000;

function insertLog(id: string, offsetMs: number, values: Partial<typeof gatewayLogs.$inferInsert> = {}) {
  getDb()
    .insert(gatewayLogs)
    .values({
      id,
      time: new Date(T0 + offsetMs),
      gatewayId: "managed",
      apiId: "echo",
      callerIp: "10.0.0.1",
      method: "GET",
      url: "ws://gw/echo?subscription-key=***",
      responseCode: 101,
      totalTime: 12,
      ...values,
    })
    .run();
}

describe("logs", () => {
  beforeEach(() => {
    insertLog("l1", 0);
    insertLog("l2", MINUTE, { responseCode: 401, subscriptionId: null, lastErrorReason: "SubscriptionKeyNotFound" });
    insertLog("l3", 2 * MINUTE, { apiId: "chat", callerIp: "10.0.0.2", subscriptionId: "s1" });
  });

  const ids = async (query: string) => (await apiJson("GET", `/logs${query}`)).body.value.map((row: { id: string }) => row.id);

  it("lists rows newest first with every column", async () => {
    const page = await apiJson("GET", "/logs");
    expect(page.body.count).toBe(3);
    expect(page.body.value.map((row: { id: string }) => row.id)).toEqual(["l3", "l2", "l1"]);
    expect(page.body.value[2]).toMatchObject({ id: "l1", time: "2025-03-01T10:00:00.000Z", apiId: "echo", responseCode: 101, closedAt: null, messagesInbound: 0 });
  });

  it("filters by API, response code, subscription, caller and time range", async () => {
    expect(await ids("?apiId=echo")).toEqual(["l2", "l1"]);
    expect(await ids("?responseCode=401")).toEqual(["l2"]);
    expect(await ids("?subscriptionId=s1")).toEqual(["l3"]);
    expect(await ids("?callerIp=10.0.0.1")).toEqual(["l2", "l1"]);
    expect(await ids("?from=2025-03-01T10:01:00Z&to=2025-03-01T10:02:00Z")).toEqual(["l2"]);
    expect(await ids("?from=2025-03-01T11:01:00%2B01:00")).toEqual(["l3", "l2"]);
  });

  it("pages with $top and $skip", async () => {
    const first = await apiJson("GET", "/logs?$top=2&apiId=echo");
    expect(first.body.value).toHaveLength(2);
    expect(first.body.nextLink).toBeNull();
    const paged = await apiJson("GET", "/logs?$top=1&$skip=1");
    expect(paged.body.value.map((row: { id: string }) => row.id)).toEqual(["l2"]);
    expect(new URL(paged.body.nextLink).searchParams.get("$skip")).toBe("2");
  });

  it("names what each row refers to: the API's and product's display names, the subscription's, the owner's email; null for what is gone", async () => {
    expect((await api("PUT", "/apis/chat", { body: { properties: { displayName: "Chat rooms", serviceUrl: "ws://backend.example.com", path: "chat" } } })).status).toBe(201);
    expect((await api("PUT", "/products/starter", { body: { properties: { displayName: "Starter plan", state: "published" } } })).status).toBe(201);
    expect(
      (await api("PUT", "/subscriptions/s1", { body: { properties: { scope: "/products/starter", displayName: "Devon's key", ownerId: "/users/dev", state: "active" } } })).status,
    ).toBe(201);
    getDb().update(gatewayLogs).set({ productId: "starter", userId: "dev" }).run();
    const rows = (await apiJson("GET", "/logs")).body.value;
    expect(rows[0]).toMatchObject({ id: "l3", apiName: "Chat rooms", productName: "Starter plan", subscriptionName: "Devon's key", userEmail: "dev@example.com" });
    expect(rows[2]).toMatchObject({ id: "l1", apiId: "echo", apiName: null, subscriptionId: null, subscriptionName: null });
  });

  it("answers 400 for a bad response code, 403 to developers and 200 to publishers", async () => {
    expect((await apiJson("GET", "/logs?responseCode=abc")).body.error.details).toEqual([{ target: "responseCode", message: "must be a number" }]);
    expect((await api("GET", "/logs", { token: DEVELOPER_TOKEN })).status).toBe(403);
    expect((await api("GET", "/logs", { token: PUBLISHER_TOKEN })).status).toBe(200);
  });
});

describe("metrics", () => {
  const minute = (offset: number) => T0 / MINUTE + offset;
  beforeEach(() => {
    getDb()
      .insert(metricsMinute)
      .values([
        {
          minute: minute(0),
          gatewayId: "managed",
          apiId: "echo",
          attemptsSucceeded: 3,
          attemptsFailed: 1,
          attemptsByCode: { "101": 3, "401": 1 },
          messagesInbound: 10,
          messagesOutbound: 20,
          bytesInbound: 100,
          bytesOutbound: 200,
          activeConnectionsLast: 3,
          activeConnectionsPeak: 4,
          handshakeHistogram: { [latencyBucket(1000)]: 3, [latencyBucket(20_000)]: 1 },
          logRowsDropped: 2,
        },
        {
          minute: minute(0),
          gatewayId: "edge",
          apiId: "echo",
          attemptsSucceeded: 2,
          attemptsByCode: { "101": 2 },
          messagesInbound: 1,
          activeConnectionsLast: 2,
          activeConnectionsPeak: 2,
          handshakeHistogram: { [latencyBucket(1000)]: 2 },
        },
        { minute: minute(0), gatewayId: "managed", apiId: "chat", attemptsFailed: 4, attemptsByCode: { "401": 4 } },
        { minute: minute(1), gatewayId: "managed", apiId: "echo", attemptsSucceeded: 1, attemptsByCode: { "101": 1 }, activeConnectionsLast: 1 },
        { minute: minute(90), gatewayId: "managed", apiId: "echo", attemptsSucceeded: 9, attemptsByCode: { "101": 9 } },
      ])
      .run();
  });
  const window = "from=2025-03-01T10:00:00Z&to=2025-03-01T10:30:00Z";

  it("sums every gateway and API per minute, oldest first, within the window", async () => {
    const result = await apiJson("GET", `/metrics?${window}`);
    expect(result.status).toBe(200);
    expect(result.body).toEqual({
      value: [
        {
          time: "2025-03-01T10:00:00.000Z",
          attempts: 10,
          attemptsSucceeded: 5,
          attemptsFailed: 5,
          attemptsByCode: { "101": 5, "401": 5 },
          messagesInbound: 11,
          messagesOutbound: 20,
          bytesInbound: 100,
          bytesOutbound: 200,
          activeConnections: 5,
          activeConnectionsPeak: 6,
          // 6 handshakes: five near 1 ms, one near 20 ms, merged across gateways before the percentiles.
          handshakeP50Ms: expect.closeTo(1, 1),
          handshakeP95Ms: expect.closeTo(20, 0),
          handshakeP99Ms: expect.closeTo(20, 0),
          logRowsDropped: 2,
        },
        {
          time: "2025-03-01T10:01:00.000Z",
          attempts: 1,
          attemptsSucceeded: 1,
          attemptsFailed: 0,
          attemptsByCode: { "101": 1 },
          messagesInbound: 0,
          messagesOutbound: 0,
          bytesInbound: 0,
          bytesOutbound: 0,
          activeConnections: 1,
          activeConnectionsPeak: 0,
          handshakeP50Ms: null,
          handshakeP95Ms: null,
          handshakeP99Ms: null,
          logRowsDropped: 0,
        },
      ],
      count: 2,
      nextLink: null,
    });
  });

  it("filters by API, gateway and response code", async () => {
    const chat = (await apiJson("GET", `/metrics?${window}&apiId=chat`)).body.value;
    expect(chat).toEqual([expect.objectContaining({ attempts: 4, attemptsFailed: 4 })]);
    const edge = (await apiJson("GET", `/metrics?${window}&gatewayId=edge`)).body.value;
    expect(edge).toEqual([expect.objectContaining({ attempts: 2, activeConnections: 2 })]);
    const refused = (await apiJson("GET", `/metrics?${window}&responseCode=401`)).body.value;
    expect(refused).toEqual([expect.objectContaining({ time: "2025-03-01T10:00:00.000Z", attempts: 5, attemptsByCode: { "401": 5 } })]);
  });

  it("sums minutes into intervals and pages them", async () => {
    const hourly = (await apiJson("GET", `/metrics?${window}&interval=PT1H`)).body;
    expect(hourly.value).toEqual([expect.objectContaining({ time: "2025-03-01T10:00:00.000Z", attempts: 11, activeConnections: 1, activeConnectionsPeak: 6 })]);
    const paged = (await apiJson("GET", `/metrics?${window}&$top=1&$skip=1`)).body;
    expect(paged.value).toEqual([expect.objectContaining({ time: "2025-03-01T10:01:00.000Z" })]);
    expect(paged.count).toBe(2);
    expect((await apiJson("GET", `/metrics?${window}&interval=PT2M`)).body.error.details).toEqual([
      { target: "interval", message: "must be one of PT1M, PT5M, PT15M, PT30M, PT1H, PT6H, P1D" },
    ]);
  });

  it("reports traffic per API, busiest first, with attempts by class", async () => {
    const report = (await apiJson("GET", `/reports/byApi?${window}`)).body;
    expect(report.value).toEqual([
      { apiId: "echo", attempts: 7, attemptsSucceeded: 6, attempts4xx: 1, attempts5xx: 0, messagesInbound: 11, messagesOutbound: 20, bytesInbound: 100, bytesOutbound: 200 },
      { apiId: "chat", attempts: 4, attemptsSucceeded: 0, attempts4xx: 4, attempts5xx: 0, messagesInbound: 0, messagesOutbound: 0, bytesInbound: 0, bytesOutbound: 0 },
    ]);
    expect((await api("GET", `/reports/byApi?${window}`, { token: DEVELOPER_TOKEN })).status).toBe(403);
  });

  it("refuses a window longer than 7 days", async () => {
    expect((await apiJson("GET", "/metrics?from=2025-01-01T00:00:00Z&to=2025-03-01T00:00:00Z")).body.error.details).toEqual([
      { target: "from", message: "must be at most 7 days before to" },
    ]);
  });
});

describe("failure reasons", () => {
  it("counts refused and failed attempts by reason and status, commonest first", async () => {
    insertLog("r1", 0, { responseCode: 401, lastErrorReason: "SubscriptionKeyNotFound", lastErrorMessage: "Access denied due to missing subscription key." });
    insertLog("r2", MINUTE, { responseCode: 401, lastErrorReason: "SubscriptionKeyNotFound", lastErrorMessage: "newest" });
    insertLog("r3", MINUTE, { responseCode: 502, lastErrorReason: "BackendRefused", lastErrorMessage: "Backend answered 500" });
    insertLog("ok", MINUTE);
    const report = (await apiJson("GET", "/reports/byFailureReason?from=2025-03-01T10:00:00Z&to=2025-03-01T11:00:00Z")).body;
    expect(report.value).toEqual([
      { reason: "SubscriptionKeyNotFound", responseCode: 401, count: 2, lastSeen: "2025-03-01T10:01:00.000Z", lastMessage: "newest" },
      { reason: "BackendRefused", responseCode: 502, count: 1, lastSeen: "2025-03-01T10:01:00.000Z", lastMessage: "Backend answered 500" },
    ]);
    expect(report.count).toBe(2);
  });
});

describe("open connections", () => {
  beforeEach(() => {
    getDb().delete(connectionCloseRequests).run();
    getDb().update(gateways).set({ lastHeartbeatAt: new Date() }).run();
    getDb().insert(gateways).values({ id: "dead", displayName: "Dead", lastHeartbeatAt: new Date(Date.now() - 10 * MINUTE) }).onConflictDoNothing().run();
    insertLog("open1", 0, { time: new Date(Date.now() - 5000) });
    insertLog("closed1", 0, { closedAt: new Date(T0 + MINUTE), closeCode: 1000 });
    insertLog("refused1", 0, { responseCode: 401 });
    insertLog("ghost", 0, { gatewayId: "dead" });
  });

  it("lists accepted connections without a close on gateways with a fresh heartbeat", async () => {
    const page = (await apiJson("GET", "/connections")).body;
    expect(page.value.map((c: { id: string }) => c.id)).toEqual(["open1"]);
    expect(page.value[0]).toMatchObject({ id: "open1", gatewayId: "managed", apiId: "echo", callerIp: "10.0.0.1", closeRequestedAt: null });
    expect(page.value[0]).toMatchObject({ apiName: null, userEmail: null });
    expect((await api("GET", "/connections", { token: DEVELOPER_TOKEN })).status).toBe(403);
  });

  it("records a close request for the connection's gateway, and refuses one for a connection that is not open", async () => {
    const answer = await apiJson("POST", "/connections/open1/close", { body: { reason: "maintenance" } });
    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({ connectionId: "open1", gatewayId: "managed", reason: "maintenance", state: "pending" });
    expect(getDb().select().from(connectionCloseRequests).all()).toEqual([expect.objectContaining({ logId: "open1", gatewayId: "managed", reason: "maintenance", doneAt: null })]);
    expect((await apiJson("GET", "/connections")).body.value[0].closeRequestedAt).not.toBeNull();

    expect((await apiJson("POST", "/connections/closed1/close", { body: {} })).status).toBe(409);
    expect((await apiJson("POST", "/connections/refused1/close", { body: {} })).status).toBe(409);
    expect((await apiJson("POST", "/connections/nope/close", { body: {} })).status).toBe(404);
    expect((await apiJson("POST", "/connections/open1/close", { body: { reason: "é".repeat(62) } })).body.error.details).toEqual([
      { target: "reason", message: "must be at most 123 bytes of UTF-8 (a Close frame's limit)" },
    ]);
    expect((await api("POST", "/connections/open1/close", { token: DEVELOPER_TOKEN, body: {} })).status).toBe(403);
    expect((await api("POST", "/connections/open1/close", { token: PUBLISHER_TOKEN, body: {} })).status).toBe(202);
  });

  it("closes an API's open connections when its DELETE asks (?closeConnections=true), and none when it does not", async () => {
    const echo = { properties: { displayName: "Echo", serviceUrl: "wss://x.example.com", path: "echo" } };
    expect((await api("PUT", "/apis/echo", { body: echo })).status).toBe(201);
    insertLog("open2", 0, { time: new Date(Date.now() - 4000) });
    insertLog("elsewhere", 0, { apiId: "other" });
    expect((await apiJson("DELETE", "/apis/echo?closeConnections=maybe")).body.error.details).toEqual([
      { target: "closeConnections", message: expect.stringContaining("true") },
    ]);
    expect((await api("DELETE", "/apis/echo?closeConnections=true")).status).toBe(200);
    const requests = getDb().select().from(connectionCloseRequests).all();
    // The ghost too: a gateway out of touch picks its requests up when it is back.
    expect(requests.map((r) => [r.logId, r.gatewayId]).sort()).toEqual([["ghost", "dead"], ["open1", "managed"], ["open2", "managed"]]);
    expect(requests.every((r) => r.reason === "API deleted")).toBe(true);
    const audit = (await apiJson("GET", "/auditLogs?action=close")).body.value.map((e: { properties: { resource: string } }) => e.properties.resource).sort();
    expect(audit).toEqual(["/connections/ghost", "/connections/open1", "/connections/open2"]);

    expect((await api("PUT", "/apis/echo", { body: echo })).status).toBe(201);
    getDb().delete(connectionCloseRequests).run();
    expect((await api("DELETE", "/apis/echo")).status).toBe(200);
    expect(getDb().select().from(connectionCloseRequests).all()).toEqual([]);
  });

  it("closes a subscription's open connections when suspending, cancelling or deleting it asks", async () => {
    const primaryKey = "a".repeat(32);
    expect((await api("PUT", "/subscriptions/s1", { body: { properties: { scope: "/apis", displayName: "S1", primaryKey } } })).status).toBe(201);
    insertLog("keyed", 0, { subscriptionId: "s1" });
    // A rename that leaves it active closes nothing, asked or not.
    expect((await api("PATCH", "/subscriptions/s1?closeConnections=true", { body: { properties: { displayName: "S one" } } })).status).toBe(200);
    expect(getDb().select().from(connectionCloseRequests).all()).toEqual([]);
    expect((await api("PATCH", "/subscriptions/s1?closeConnections=true", { body: { properties: { state: "suspended" } } })).status).toBe(200);
    expect(getDb().select().from(connectionCloseRequests).all()).toEqual([expect.objectContaining({ logId: "keyed", reason: "Subscription suspended" })]);
    getDb().delete(connectionCloseRequests).run();
    expect((await api("DELETE", "/subscriptions/s1?closeConnections=true")).status).toBe(200);
    expect(getDb().select().from(connectionCloseRequests).all()).toEqual([expect.objectContaining({ logId: "keyed", reason: "Subscription deleted" })]);
    expect((await api("DELETE", "/subscriptions/s1?closeConnections=1")).status).toBe(400);
  });

  it("closes the connections of the subscriptions a product's or a user's DELETE takes along, when asked", async () => {
    const primaryKey = "b".repeat(32);
    expect((await api("PUT", "/products/gold", { body: { properties: { displayName: "Gold" } } })).status).toBe(201);
    expect((await api("PUT", "/subscriptions/p1", { body: { properties: { scope: "/products/gold", displayName: "P1", primaryKey } } })).status).toBe(201);
    insertLog("via-product", 0, { subscriptionId: "p1" });
    expect((await api("DELETE", "/products/gold?deleteSubscriptions=true&closeConnections=true")).status).toBe(200);
    expect(getDb().select().from(connectionCloseRequests).all()).toEqual([expect.objectContaining({ logId: "via-product", reason: "Subscription deleted" })]);
    getDb().delete(connectionCloseRequests).run();

    expect((await api("PUT", "/users/u1", { body: { properties: { email: "u1@example.com", firstName: "U", lastName: "One" } } })).status).toBe(201);
    expect((await api("PUT", "/subscriptions/o1", { body: { properties: { scope: "/apis", displayName: "O1", ownerId: "/users/u1", primaryKey: "c".repeat(32) } } })).status).toBe(201);
    insertLog("via-user", 0, { subscriptionId: "o1" });
    expect((await api("DELETE", "/users/u1?deleteSubscriptions=true&closeConnections=true")).status).toBe(200);
    expect(getDb().select().from(connectionCloseRequests).all()).toEqual([expect.objectContaining({ logId: "via-user", reason: "Subscription deleted" })]);
  });
});
