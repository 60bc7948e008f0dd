import { TooManyRequestsError } from "@/server/http/errors";

/** Telemetry requests one gateway (all its instances together) may send per second. */
export const TELEMETRY_REQUESTS_PER_SECOND = 20;

const holder = globalThis as typeof globalThis & { __portcullisTelemetryWindows?: Map<string, { second: number; count: number }> };

/**
 * Counts a telemetry request of `gatewayId` in its one-second window; TooManyRequestsError
 * (429, Retry-After 1) past the limit, so a runaway gateway cannot monopolise the database writer.
 */
export function takeTelemetrySlot(gatewayId: string, now = Date.now()): void {
  const windows = (holder.__portcullisTelemetryWindows ??= new Map());
  const second = Math.floor(now / 1000);
  const window = windows.get(gatewayId);
  if (!window || window.second !== second) {
    windows.set(gatewayId, { second, count: 1 });
    return;
  }
  if (++window.count > TELEMETRY_REQUESTS_PER_SECOND) {
    throw new TooManyRequestsError(`Gateway '${gatewayId}' sends more than ${TELEMETRY_REQUESTS_PER_SECOND} telemetry requests per second; send larger batches less often.`, 1);
  }
}
