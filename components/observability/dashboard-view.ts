import { RANGE_PRESETS, toLocalInput, type RangeKey } from "./time-range";

/** The dashboard's state as its URL holds it: `?range=24h`, `?range=custom&from=…&to=…`, `?refresh=10`, `?gatewayId=`. */
export interface DashboardView {
  range: RangeKey;
  /** `datetime-local` values (the viewer's zone) of a custom window. */
  custom: { from: string; to: string };
  refreshMs: number;
  gatewayId: string | null;
}

export const DEFAULT_RANGE: RangeKey = "1h";
export const DEFAULT_REFRESH_MS = 30_000;
const REFRESH_SECONDS = [0, 10, 30, 60];

/** The view a query string describes; anything missing or unknown is the default. */
export function readDashboardView(params: URLSearchParams, now: number): DashboardView {
  const range = params.get("range");
  const refresh = Number(params.get("refresh"));
  return {
    range: range === "custom" || RANGE_PRESETS.some((p) => p.key === range) ? (range as RangeKey) : DEFAULT_RANGE,
    custom: { from: params.get("from") ?? toLocalInput(now - 3 * 3600_000), to: params.get("to") ?? toLocalInput(now) },
    refreshMs: params.has("refresh") && REFRESH_SECONDS.includes(refresh) ? refresh * 1000 : DEFAULT_REFRESH_MS,
    gatewayId: params.get("gatewayId") || null,
  };
}

/** The query string changes for a view: defaults are left out, so a plain link is the default view. */
export function dashboardPatch(view: Partial<DashboardView>): Record<string, string | null> {
  const patch: Record<string, string | null> = {};
  if (view.range !== undefined) patch.range = view.range === DEFAULT_RANGE ? null : view.range;
  if (view.range !== undefined && view.range !== "custom") Object.assign(patch, { from: null, to: null });
  if (view.custom !== undefined) Object.assign(patch, { from: view.custom.from, to: view.custom.to });
  if (view.refreshMs !== undefined) patch.refresh = view.refreshMs === DEFAULT_REFRESH_MS ? null : String(view.refreshMs / 1000);
  if (view.gatewayId !== undefined) patch.gatewayId = view.gatewayId;
  return patch;
}

/** The gateway logs of a dashboard's view (same range, gateway and API), plus `extra` filters. */
export function logsHref(params: URLSearchParams, apiId: string | null, extra: Record<string, string> = {}): string {
  const query = new URLSearchParams();
  for (const key of ["range", "from", "to", "gatewayId"]) {
    const value = params.get(key);
    if (value) query.set(key, value);
  }
  // The logs' default range is 24 hours, the dashboard's 1 hour: say it when it is the default.
  if (!query.has("range")) query.set("range", DEFAULT_RANGE);
  if (apiId) query.set("apiId", apiId);
  for (const [key, value] of Object.entries(extra)) query.set(key, value);
  return `/admin/logs?${query}`;
}
