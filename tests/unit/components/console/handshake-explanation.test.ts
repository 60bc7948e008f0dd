import { describe, expect, it } from "vitest";
import { explainTrace, lookUpTrace, type HandshakeTrace } from "@/components/console/handshake-explanation";

const MISSING_KEY = "Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.";

function trace(overrides: Partial<HandshakeTrace>): HandshakeTrace {
  return {
    traceId: "trace-0123456789abcdef",
    time: "2024-01-01T00:00:00.000Z",
    responseCode: 401,
    backendResponseCode: null,
    lastError: null,
    closeCode: null,
    closeReason: null,
    ...overrides,
  };
}

describe("explainTrace", () => {
  it("quotes the gateway's message for a subscription refusal", () => {
    expect(explainTrace(trace({ lastError: { reason: "SubscriptionKeyNotFound", message: MISSING_KEY, source: "subscription" } }))).toEqual({
      headline: `401 — ${MISSING_KEY}`,
      detail: "SubscriptionKeyNotFound · source: subscription",
    });
  });

  it("names the policy that refused", () => {
    const refused = trace({ responseCode: 403, lastError: { reason: "CallerIpNotAllowed", message: "Caller IP 10.0.0.1 is not allowed.", source: "ip-filter" } });
    expect(explainTrace(refused)).toEqual({ headline: "403 — ip-filter: Caller IP 10.0.0.1 is not allowed.", detail: "CallerIpNotAllowed" });
  });

  it("says which status the backend refused with", () => {
    const refused = trace({
      responseCode: 502,
      backendResponseCode: 500,
      lastError: { reason: "BackendRefused", message: "Backend refused the WebSocket handshake with 500.", source: "backend" },
    });
    expect(explainTrace(refused).headline).toBe("502 — backend refused with 500");
  });

  it("quotes the gateway for an unreachable backend, a timeout or an unknown path", () => {
    const down = trace({ responseCode: 502, lastError: { reason: "BackendConnectionFailed", message: "Backend connection failed (ECONNREFUSED): connect ECONNREFUSED 127.0.0.1:9", source: "backend" } });
    expect(explainTrace(down).headline).toBe("502 — Backend connection failed (ECONNREFUSED): connect ECONNREFUSED 127.0.0.1:9");
    expect(explainTrace(trace({ responseCode: 404, lastError: { reason: "ApiNotFound", message: "Resource not found", source: "gateway" } })).headline).toBe(
      "404 — Resource not found",
    );
  });

  it("points at the browser when the gateway answered 101", () => {
    const accepted = explainTrace(trace({ responseCode: 101, backendResponseCode: 101, closeCode: 1006 }));
    expect(accepted.headline).toBe("101 — the gateway and the backend accepted the handshake, but the browser refused the answer");
    expect(accepted.detail).toContain("subprotocols");
    expect(accepted.detail).toContain("1006 Abnormal Closure");
  });
});

function response(status: number, body?: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

describe("lookUpTrace", () => {
  const fakeClock = () => {
    let now = 0;
    return { now: () => now, sleep: async (ms: number) => void (now += ms) };
  };

  it("polls past 404s until the gateway's row is there", async () => {
    const answers = [response(404), response(404), response(200, trace({ responseCode: 401 }))];
    const urls: string[] = [];
    const clock = fakeClock();
    const result = await lookUpTrace("trace-0123456789abcdef", {
      fetchImpl: async (url) => {
        urls.push(String(url));
        return answers.shift()!;
      },
      ...clock,
    });
    expect(result).toEqual({ kind: "found", trace: trace({ responseCode: 401 }) });
    expect(urls).toEqual(Array(3).fill("/api/portal/handshake-traces/trace-0123456789abcdef"));
    expect(clock.now()).toBe(500);
  });

  it("gives up after the timeout", async () => {
    let calls = 0;
    const result = await lookUpTrace("t".repeat(22), { fetchImpl: async () => (calls++, response(404)), timeoutMs: 3000, intervalMs: 250, ...fakeClock() });
    expect(result).toEqual({ kind: "missing" });
    expect(calls).toBe(13);
  });

  it("stops at once when signed out or when the portal fails", async () => {
    expect(await lookUpTrace("t".repeat(22), { fetchImpl: async () => response(401), ...fakeClock() })).toEqual({ kind: "unauthorized" });
    expect(await lookUpTrace("t".repeat(22), { fetchImpl: async () => response(500), ...fakeClock() })).toEqual({ kind: "unavailable", status: 500 });
  });

  it("retries a network error", async () => {
    let calls = 0;
    const result = await lookUpTrace("t".repeat(22), {
      fetchImpl: async () => {
        calls++;
        if (calls === 1) throw new TypeError("Failed to fetch");
        return response(200, trace({}));
      },
      ...fakeClock(),
    });
    expect(result.kind).toBe("found");
  });
});
