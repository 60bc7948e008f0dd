import { afterEach, describe, expect, it, vi } from "vitest";
import { log } from "@/gateway/log";
import { warnIfTokenExpiresSoon } from "@/gateway/remote/token-expiry-warning";

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 11, 2, 12, 0);

afterEach(() => vi.restoreAllMocks());

describe("warnIfTokenExpiresSoon", () => {
  it("warns of a token that expires within 7 days, and of one that has expired", () => {
    const warn = vi.spyOn(log, "warn").mockImplementation(() => {});
    warnIfTokenExpiresSoon(new Date(NOW + 7 * DAY - 60_000), "london", NOW);
    warnIfTokenExpiresSoon(new Date(NOW - 60_000), "london", NOW);
    expect(warn.mock.calls).toEqual([
      ["the gateway token expires soon", { gateway: "london", expiry: "2026-12-09T11:59:00.000Z" }],
      ["the gateway token has expired: the portal will refuse it", { gateway: "london", expiry: "2026-12-02T11:59:00.000Z" }],
    ]);
  });

  it("says nothing of a token with 7 days or more left", () => {
    const warn = vi.spyOn(log, "warn").mockImplementation(() => {});
    warnIfTokenExpiresSoon(new Date(NOW + 7 * DAY), "london", NOW);
    warnIfTokenExpiresSoon(new Date(NOW + 30 * DAY), "london", NOW);
    expect(warn).not.toHaveBeenCalled();
  });
});
