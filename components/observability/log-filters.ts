import { RANGE_PRESETS } from "./time-range";

/** The log explorer's time choices: the presets, everything kept, or a custom window. */
export type LogTimeKey = "15m" | "1h" | "24h" | "7d" | "all" | "custom";
export const DEFAULT_LOG_TIME: LogTimeKey = "24h";

/** The text filters, as typed (the URL holds them once typing stops). */
export const LOG_TEXT_FILTERS = ["responseCode", "subscriptionId", "callerIp"] as const;
export type LogTextFilter = (typeof LOG_TEXT_FILTERS)[number];

/** What the URL's query string says to show: the filters, the time choice, the page. */
export interface LogView {
  apiId: string;
  gatewayId: string;
  responseCode: string;
  subscriptionId: string;
  callerIp: string;
  lastErrorReason: string;
  time: LogTimeKey;
  from: string;
  to: string;
  skip: number;
}

/** The view a query string describes; unknown values fall back to the defaults. */
export function readLogView(params: URLSearchParams): LogView {
  const time = params.get("range");
  const skip = Number(params.get("skip"));
  return {
    apiId: params.get("apiId") ?? "",
    gatewayId: params.get("gatewayId") ?? "",
    responseCode: params.get("responseCode") ?? "",
    subscriptionId: params.get("subscriptionId") ?? "",
    callerIp: params.get("callerIp") ?? "",
    lastErrorReason: params.get("lastErrorReason") ?? "",
    time: time === "all" || time === "custom" || RANGE_PRESETS.some((p) => p.key === time) ? (time as LogTimeKey) : DEFAULT_LOG_TIME,
    from: params.get("from") ?? "",
    to: params.get("to") ?? "",
    skip: Number.isInteger(skip) && skip > 0 ? skip : 0,
  };
}

/** Why a response-code filter cannot be used, or null: it must be a status code, 100 to 599. */
export function responseCodeError(code: string): string | null {
  const value = code.trim();
  if (value === "" || /^[1-5]\d\d$/.test(value)) return null;
  return `“${value}” is not a status code: enter three digits from 100 to 599, such as 401.`;
}

/**
 * The management API's `/logs` query for a view; presets count back from `anchor` (when the
 * view was chosen, so paging does not shift under the reader). Null when a filter is invalid.
 */
export function logQuery(view: LogView, anchor: number): Record<string, string> | null {
  if (responseCodeError(view.responseCode) !== null) return null;
  const query: Record<string, string> = {};
  if (view.apiId) query.apiId = view.apiId;
  if (view.gatewayId) query.gatewayId = view.gatewayId;
  if (view.responseCode.trim()) query.responseCode = view.responseCode.trim();
  if (view.subscriptionId.trim()) query.subscriptionId = view.subscriptionId.trim();
  if (view.callerIp.trim()) query.callerIp = view.callerIp.trim();
  if (view.lastErrorReason) query.lastErrorReason = view.lastErrorReason;
  const preset = RANGE_PRESETS.find((p) => p.key === view.time);
  if (preset) query.from = new Date(anchor - preset.ms).toISOString();
  if (view.time === "custom") {
    const from = Date.parse(view.from);
    const to = Date.parse(view.to);
    if (!Number.isNaN(from)) query.from = new Date(from).toISOString();
    if (!Number.isNaN(to)) query.to = new Date(to).toISOString();
  }
  return query;
}
