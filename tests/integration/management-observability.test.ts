/** Gateway logs and per-minute metrics read through the management API's route handlers. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { gatewayLogs, metricsMinute } from "@/db/schema/index";
import { getDb } from "@/server/db";
import { api, apiJson, DEVELOPER_TOKEN, PUBLISHER_TOKEN, resetData, setUpManagementApi, tearDownManagementApi } from "./management-fixture";

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
        { minute: minute(0), gatewayId: "managed", apiId: "echo", attemptsSucceeded: 3, attemptsFailed: 1, attemptsByCode: { "101": 3, "401": 1 }, messagesInbound: 10, messagesOutbound: 20, bytesInbound: 100, bytesOutbound: 200, activeConnectionsLast: 3 },
        { minute: minute(0), gatewayId: "edge", apiId: "echo", attemptsSucceeded: 2, attemptsByCode: { "101": 2 }, messagesInbound: 1, activeConnectionsLast: 2 },
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

  it("refuses a window longer than 7 days", async () => {
    expect((await apiJson("GET", "/metrics?from=2025-01-01T00:00:00Z&to=2025-03-01T00:00:00Z")).body.error.details).toEqual([
      { target: "from", message: "must be at most 7 days before to" },
    ]);
  });
});
