import { describe, expect, it } from "vitest";
import { DATABASE_BUSY_RETRIES, retryDelayMs, shouldRetryMutation, shouldRetryQuery } from "@/components/admin/database-busy";
import { ManagementRequestError, retryAfterMs } from "@/components/admin/management-fetch";

const busy = new ManagementRequestError(503, "DatabaseBusy", "The database is busy (another process holds a write lock); retry shortly.", [], 2000);
const notFound = new ManagementRequestError(404, "NotFound", "No such API.");
const internal = new ManagementRequestError(500, "InternalError", "Internal server error");

describe("riding out a busy database in the portal", () => {
  it("reads Retry-After seconds as milliseconds and ignores what it cannot read", () => {
    expect(retryAfterMs("2")).toBe(2000);
    expect(retryAfterMs(" 10 ")).toBe(10_000);
    expect(retryAfterMs("Wed, 21 Oct 2026 07:28:00 GMT")).toBeNull();
    expect(retryAfterMs(null)).toBeNull();
  });

  it("retries a busy read and a busy change after the server's Retry-After, up to the limit", () => {
    expect(shouldRetryQuery(1, busy)).toBe(true);
    expect(shouldRetryMutation(1, busy)).toBe(true);
    expect(shouldRetryQuery(DATABASE_BUSY_RETRIES - 1, busy)).toBe(true);
    expect(shouldRetryQuery(DATABASE_BUSY_RETRIES, busy)).toBe(false);
    expect(shouldRetryMutation(DATABASE_BUSY_RETRIES, busy)).toBe(false);
    expect(retryDelayMs(1, busy)).toBe(2000);
    expect(retryDelayMs(1, new ManagementRequestError(503, "DatabaseBusy", "busy"))).toBe(2000);
  });

  it("keeps the other rules: no retry of client errors or failed changes, two retries of server errors with doubling waits", () => {
    expect(shouldRetryQuery(0, notFound)).toBe(false);
    expect(shouldRetryQuery(1, internal)).toBe(true);
    expect(shouldRetryQuery(2, internal)).toBe(false);
    expect(shouldRetryMutation(0, internal)).toBe(false);
    expect(shouldRetryMutation(0, new ManagementRequestError(503, "ServiceUnavailable", "other"))).toBe(false);
    expect([retryDelayMs(0, internal), retryDelayMs(1, internal), retryDelayMs(9, internal)]).toEqual([1000, 2000, 30_000]);
  });
});
