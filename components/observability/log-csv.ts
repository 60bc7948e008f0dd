import type { GatewayLogContract } from "@/server/logs/log.schemas";

/** The CSV columns: every log column in the contract's order, then the names the ids resolve to. */
export const LOG_COLUMNS: readonly (keyof GatewayLogContract)[] = [
  "id",
  "time",
  "gatewayId",
  "apiId",
  "operationId",
  "productId",
  "subscriptionId",
  "userId",
  "callerIp",
  "method",
  "url",
  "responseCode",
  "backendResponseCode",
  "backendUrl",
  "totalTime",
  "backendTime",
  "lastErrorReason",
  "lastErrorMessage",
  "lastErrorSource",
  "traceId",
  "closedAt",
  "durationMs",
  "closeCode",
  "closeReason",
  "closedBy",
  "messagesInbound",
  "messagesOutbound",
  "bytesInbound",
  "bytesOutbound",
  "apiName",
  "productName",
  "subscriptionName",
  "userEmail",
];

/** A CSV field (RFC 4180): quoted when it holds a comma, quote or line break; formula-leading cells are defused. */
function field(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  // A cell starting with = + - @ runs as a formula in spreadsheets: prefix it (OWASP CSV injection).
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The rows as CSV text with a header line. */
export function logsToCsv(rows: readonly GatewayLogContract[]): string {
  const lines = [LOG_COLUMNS.join(",")];
  for (const row of rows) lines.push(LOG_COLUMNS.map((c) => field(row[c])).join(","));
  return `${lines.join("\r\n")}\r\n`;
}
