/** Retention pruning of gateway logs, per-minute metrics and handled close requests (LogRetention on a real SQLite file). */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connectionCloseRequests, gatewayLogs, metricsMinute } from "@/db/schema/index";
import { parseGatewayEnv } from "@/gateway/config/env";
import { LogRetention } from "@/gateway/telemetry/retention";
import { createTempDatabase, type TempDatabase } from "../../helpers/temp-db";

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.parse("2025-06-30T12:00:00Z");
let tmp: TempDatabase;

beforeEach(() => {
  tmp = createTempDatabase();
});
afterEach(() => tmp.cleanup());

function log(id: string, ageDays: number, values: Partial<typeof gatewayLogs.$inferInsert> = {}) {
  return { id, time: new Date(NOW - ageDays * DAY), gatewayId: "managed", callerIp: "10.0.0.1", method: "GET", url: "/echo", responseCode: 401, totalTime: 1, ...values };
}

describe("log retention", () => {
  it("defaults to 7 days, configurable through GATEWAY_LOG_RETENTION_DAYS", () => {
    expect(parseGatewayEnv({} as unknown as NodeJS.ProcessEnv).GATEWAY_LOG_RETENTION_DAYS).toBe(7);
    expect(parseGatewayEnv({ GATEWAY_LOG_RETENTION_DAYS: "30" } as unknown as NodeJS.ProcessEnv).GATEWAY_LOG_RETENTION_DAYS).toBe(30);
    expect(() => parseGatewayEnv({ GATEWAY_LOG_RETENTION_DAYS: "0" } as unknown as NodeJS.ProcessEnv)).toThrow(/GATEWAY_LOG_RETENTION_DAYS/);
  });

  it("prunes rows older than the period, keeps a connection's row until it has been closed that long", async () => {
    const db = tmp.db;
    db.insert(gatewayLogs)
      .values([
        log("new-refusal", 1),
        log("old-refusal", 8),
        log("old-closed", 8, { responseCode: 101, closedAt: new Date(NOW - 7.5 * DAY) }),
        log("old-but-recently-closed", 10, { responseCode: 101, closedAt: new Date(NOW - 2 * DAY) }),
        log("old-still-open", 10, { responseCode: 101 }),
        log("orphan", 29, { responseCode: 101 }),
      ])
      .run();
    // More than one batch of old rows.
    const many = Array.from({ length: 4500 }, (_, i) => log(`bulk-${i}`, 9));
    for (let i = 0; i < many.length; i += 500) db.insert(gatewayLogs).values(many.slice(i, i + 500)).run();
    const minute = (ageDays: number) => Math.floor((NOW - ageDays * DAY) / 60_000);
    db.insert(metricsMinute)
      .values([
        { minute: minute(8), gatewayId: "managed", apiId: "echo" },
        { minute: minute(6.9), gatewayId: "managed", apiId: "echo" },
      ])
      .run();
    const request = (id: string, ageDays: number, done: boolean) => ({
      id,
      logId: "x",
      gatewayId: "managed",
      reason: "r",
      requestedBy: "admin",
      requestedAt: new Date(NOW - ageDays * DAY),
      doneAt: done ? new Date(NOW - ageDays * DAY) : null,
    });
    db.insert(connectionCloseRequests).values([request("old-done", 8, true), request("old-pending", 8, false), request("new-done", 1, true)]).run();

    const result = await new LogRetention(db, 7).prune(NOW);

    expect(result).toEqual({ logs: 4500 + 2 + 1, metrics: 1, closeRequests: 1 });
    expect(db.select({ id: gatewayLogs.id }).from(gatewayLogs).all().map((r) => r.id).sort()).toEqual(["new-refusal", "old-but-recently-closed", "old-still-open"]);
    expect(db.select().from(metricsMinute).all().map((r) => r.minute)).toEqual([minute(6.9)]);
    expect(db.select({ id: connectionCloseRequests.id }).from(connectionCloseRequests).all().map((r) => r.id).sort()).toEqual(["new-done", "old-pending"]);
    // A second pass finds nothing.
    expect(await new LogRetention(db, 7).prune(NOW)).toEqual({ logs: 0, metrics: 0, closeRequests: 0 });
  });
});
