import { afterEach, describe, expect, it, vi } from "vitest";
import { DATABASE_BUSY_RETRIES, databaseBusyWaiting, subscribeDatabaseBusy } from "@/components/admin/database-busy";
import { managementFetch, ManagementRequestError, retryAfterMs } from "@/components/admin/management-fetch";

const BUSY_BODY = { error: { code: "DatabaseBusy", message: "The database is busy (another process holds a write lock); retry shortly." } };

/** A 503 DatabaseBusy as the management API sends it (Retry-After 0 s keeps the test quick). */
function busy(): Response {
  return Response.json(BUSY_BODY, { status: 503, headers: { "Retry-After": "0" } });
}

afterEach(() => vi.unstubAllGlobals());

describe("riding out a busy database in the portal", () => {
  it("reads Retry-After seconds as milliseconds and ignores what it cannot read", () => {
    expect(retryAfterMs("2")).toBe(2000);
    expect(retryAfterMs(" 10 ")).toBe(10_000);
    expect(retryAfterMs("Wed, 21 Oct 2026 07:28:00 GMT")).toBeNull();
    expect(retryAfterMs(null)).toBeNull();
  });

  it("sends a change again after Retry-After while the database is busy, counting itself as waiting meanwhile", async () => {
    const fetch = vi.fn().mockResolvedValueOnce(busy()).mockResolvedValueOnce(busy()).mockResolvedValueOnce(Response.json({ name: "echo" }, { status: 201 }));
    vi.stubGlobal("fetch", fetch);
    const waitingSeen: number[] = [];
    const unsubscribe = subscribeDatabaseBusy(() => waitingSeen.push(databaseBusyWaiting()));

    const body = await managementFetch("/apis/echo", { method: "PUT", body: { properties: {} } });
    unsubscribe();

    expect(body).toEqual({ name: "echo" });
    expect(fetch).toHaveBeenCalledTimes(3);
    expect(fetch.mock.calls.map(([url, init]) => [url, init.method, init.body])).toEqual(
      Array(3).fill(["/api/management/apis/echo", "PUT", '{"properties":{}}']),
    );
    expect(waitingSeen).toEqual([1, 0, 1, 0]);
  });

  it("gives up after DATABASE_BUSY_RETRIES retries with the server's error", async () => {
    const fetch = vi.fn().mockImplementation(async () => busy());
    vi.stubGlobal("fetch", fetch);

    const error = await managementFetch("/apis").catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ManagementRequestError);
    expect(error).toMatchObject({ status: 503, code: "DatabaseBusy", message: BUSY_BODY.error.message, retryAfterMs: 0 });
    expect(fetch).toHaveBeenCalledTimes(DATABASE_BUSY_RETRIES + 1);
    expect(databaseBusyWaiting()).toBe(0);
  });

  it("does not retry other errors, other 503s among them", async () => {
    const fetch = vi.fn().mockResolvedValue(Response.json({ error: { code: "ServiceUnavailable", message: "down" } }, { status: 503 }));
    vi.stubGlobal("fetch", fetch);

    await expect(managementFetch("/apis")).rejects.toMatchObject({ status: 503, code: "ServiceUnavailable" });
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});
