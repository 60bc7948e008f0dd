import { describe, expect, it } from "vitest";
import { dashboardPatch, logsHref, readDashboardView } from "@/components/observability/dashboard-view";
import { latencyTickFormatter } from "@/components/observability/format";
import { logQuery, readLogView, responseCodeError } from "@/components/observability/log-filters";

const NOW = Date.parse("2026-12-02T10:00:00Z");

describe("the dashboard's view in its URL", () => {
  it("reads the range, the refresh and the gateway, defaulting what is missing or unknown", () => {
    expect(readDashboardView(new URLSearchParams("range=24h&refresh=10&gatewayId=edge"), NOW)).toMatchObject({ range: "24h", refreshMs: 10_000, gatewayId: "edge" });
    expect(readDashboardView(new URLSearchParams("range=3y&refresh=7"), NOW)).toMatchObject({ range: "1h", refreshMs: 30_000, gatewayId: null });
    expect(readDashboardView(new URLSearchParams("refresh=0"), NOW).refreshMs).toBe(0);
  });

  it("leaves defaults out of the URL and drops a custom window when a preset is chosen", () => {
    expect(dashboardPatch({ range: "1h" })).toEqual({ range: null, from: null, to: null });
    expect(dashboardPatch({ range: "custom", custom: { from: "2026-12-01T09:00", to: "2026-12-01T10:00" } })).toEqual({
      range: "custom",
      from: "2026-12-01T09:00",
      to: "2026-12-01T10:00",
    });
    expect(dashboardPatch({ refreshMs: 30_000 })).toEqual({ refresh: null });
    expect(dashboardPatch({ refreshMs: 60_000 })).toEqual({ refresh: "60" });
  });

  it("links to the logs with the same range, gateway and API (the dashboard's default range spelt out)", () => {
    expect(logsHref(new URLSearchParams("gatewayId=edge&refresh=10"), "echo", { responseCode: "401" })).toBe("/admin/logs?gatewayId=edge&range=1h&apiId=echo&responseCode=401");
    expect(logsHref(new URLSearchParams("range=custom&from=a&to=b"), null)).toBe("/admin/logs?range=custom&from=a&to=b");
  });
});

describe("the logs' view in its URL", () => {
  it("turns the URL into the management API's query, presets counted back from the anchor", () => {
    const view = readLogView(new URLSearchParams("apiId=echo&responseCode=401&range=15m&skip=50"));
    expect(view.skip).toBe(50);
    expect(logQuery(view, NOW)).toEqual({ apiId: "echo", responseCode: "401", from: "2026-12-02T09:45:00.000Z" });
    expect(logQuery(readLogView(new URLSearchParams("range=all")), NOW)).toEqual({});
  });

  it("refuses a response code that is not one, saying why", () => {
    expect(responseCodeError("401")).toBeNull();
    expect(responseCodeError("")).toBeNull();
    expect(responseCodeError("abc")).toBe("“abc” is not a status code: enter three digits from 100 to 599, such as 401.");
    expect(responseCodeError("700")).toBe("“700” is not a status code: enter three digits from 100 to 599, such as 401.");
    expect(logQuery(readLogView(new URLSearchParams("responseCode=abc")), NOW)).toBeNull();
  });
});

describe("the latency axis", () => {
  it("labels ticks in one unit picked from the largest value, and zero as 0", () => {
    const empty = latencyTickFormatter(0);
    expect([0, 1, 2].map(empty)).toEqual(["0", "1 ms", "2 ms"]);
    expect([0, 0.25, 0.5].map(latencyTickFormatter(0.6))).toEqual(["0", "250 µs", "500 µs"]);
    expect([0, 1500, 3000].map(latencyTickFormatter(3200))).toEqual(["0", "1.5 s", "3 s"]);
    expect([2.5, 40].map(latencyTickFormatter(40))).toEqual(["2.5 ms", "40 ms"]);
  });
});
