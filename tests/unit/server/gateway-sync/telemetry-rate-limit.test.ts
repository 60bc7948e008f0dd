import { describe, expect, it } from "vitest";
import { TooManyRequestsError } from "@/server/http/errors";
import { TELEMETRY_REQUESTS_PER_SECOND, takeTelemetrySlot } from "@/server/gateway-sync/telemetry-rate-limit";

describe("telemetry requests per gateway (README: 20 requests a second per gateway)", () => {
  it("lets 20 through in one second, answers the 21st 429 with Retry-After 1, and starts again the next second", () => {
    expect(TELEMETRY_REQUESTS_PER_SECOND).toBe(20);
    const t = 1_000_000_000_000;
    for (let i = 0; i < 20; i++) takeTelemetrySlot("rl-edge", t + i * 40);
    let refusal: unknown;
    try {
      takeTelemetrySlot("rl-edge", t + 999);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(TooManyRequestsError);
    expect(refusal).toMatchObject({ status: 429, headers: { "Retry-After": "1" } });
    expect((refusal as Error).message).toBe("Gateway 'rl-edge' sends more than 20 telemetry requests per second; send larger batches less often.");
    // Another gateway has its own window; the next second is a fresh one.
    expect(() => takeTelemetrySlot("rl-other", t + 999)).not.toThrow();
    expect(() => takeTelemetrySlot("rl-edge", t + 1000)).not.toThrow();
  });
});
