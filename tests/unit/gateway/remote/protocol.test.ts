import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { formatGatewayToken, formatGatewayTokenExpiry, parseGatewayToken, verifyGatewayToken, type GatewayTokenParts } from "@/gateway/remote/gateway-token";
import { configResponseSchema, telemetryRequestSchema, TELEMETRY_MAX_ROWS } from "@/gateway/remote/protocol";

// Computed with: printf 'edge-1\n202612311530' | openssl dgst -sha512 -hmac 'k3y-primary' -binary | base64 -w0
const KNOWN_SIGNATURE = "OqaIBaAvLbUcrdK3PE+DWFIUmsuVcEX2U/MozNio+OKZ85lNaMhn1Qtt/Si/rrrJdkLI7Z2zTsJrMI4Q5Eazqw==";

function partsOf(header: string): GatewayTokenParts {
  const parsed = parseGatewayToken(header);
  if (!parsed.ok) throw new Error(parsed.refusal.message);
  return parsed.parts;
}

describe("gateway tokens", () => {
  it("signs APIM's text with HMAC-SHA512 of the key, matching openssl's fixed answer", () => {
    expect(formatGatewayToken("edge-1", new Date("2026-12-31T15:30:59.999Z"), "k3y-primary")).toBe(
      `GatewayKey edge-1&202612311530&${KNOWN_SIGNATURE}`,
    );
  });

  it("matches openssl run now on another gateway id, expiry and key", () => {
    const token = formatGatewayToken("gw_2", new Date("2027-01-05T03:04:00Z"), "another key ü");
    const openssl = execFileSync("openssl", ["dgst", "-sha512", "-hmac", "another key ü", "-binary"], { input: "gw_2\n202701050304" });
    expect(token).toBe(`GatewayKey gw_2&202701050304&${openssl.toString("base64")}`);
  });

  it("writes the expiry in UTC as yyyyMMddHHmm", () => {
    expect(formatGatewayTokenExpiry(new Date("2026-03-04T05:06:07+02:00"))).toBe("202603040306");
  });

  it("parses a token into gateway id, expiry and signature", () => {
    expect(partsOf(`GatewayKey edge-1&202612311530&${KNOWN_SIGNATURE}`)).toEqual({
      gatewayId: "edge-1",
      expiryStamp: "202612311530",
      expiry: new Date("2026-12-31T15:30:00Z"),
      signature: KNOWN_SIGNATURE,
    });
  });

  it.each([
    ["another scheme", `Bearer edge-1&202612311530&${KNOWN_SIGNATURE}`],
    ["two parts", "GatewayKey edge-1&202612311530"],
    ["a bad gateway id", `GatewayKey ../x&202612311530&${KNOWN_SIGNATURE}`],
    ["a date that does not exist", `GatewayKey edge-1&202602301530&${KNOWN_SIGNATURE}`],
    ["a short signature", "GatewayKey edge-1&202612311530&abc="],
  ])("refuses %s as GatewayTokenInvalid with the expected shape", (_, header) => {
    expect(parseGatewayToken(header)).toEqual({
      ok: false,
      refusal: {
        code: "GatewayTokenInvalid",
        message:
          "The Authorization header must be 'GatewayKey {gatewayId}&{yyyyMMddHHmm}&{signature}', a token made by POST /gateways/{gatewayId}/generateToken.",
      },
    });
  });

  it("refuses a missing header", () => {
    expect(parseGatewayToken(null)).toEqual({
      ok: false,
      refusal: { code: "GatewayTokenInvalid", message: "No Authorization header: send 'GatewayKey {gatewayId}&{yyyyMMddHHmm}&{signature}'." },
    });
  });

  const now = new Date("2026-06-01T00:00:00Z");

  it("accepts a token made from either current key before it expires", () => {
    const keys = { current: ["primary-key", "secondary-key"] };
    for (const key of keys.current) {
      expect(verifyGatewayToken(partsOf(formatGatewayToken("edge-1", new Date("2026-06-01T00:01:00Z"), key)), keys, now)).toEqual({ ok: true });
    }
  });

  it("refuses a token whose expiry has passed as GatewayTokenExpired", () => {
    const parts = partsOf(formatGatewayToken("edge-1", new Date("2026-06-01T00:00:00Z"), "primary-key"));
    expect(verifyGatewayToken(parts, { current: ["primary-key"] }, now)).toEqual({
      ok: false,
      refusal: { code: "GatewayTokenExpired", message: "The token expired at 2026-06-01T00:00:00.000Z; generate a new one." },
    });
  });

  it("refuses a token from a regenerated key as GatewayTokenRevoked when the old key is known", () => {
    const parts = partsOf(formatGatewayToken("edge-1", new Date("2026-07-01T00:00:00Z"), "old-key"));
    expect(verifyGatewayToken(parts, { current: ["new-key", "secondary-key"], retired: ["old-key"] }, now)).toEqual({
      ok: false,
      refusal: {
        code: "GatewayTokenRevoked",
        message: "The token was made from a key of gateway 'edge-1' that has since been regenerated; generate a new token.",
      },
    });
  });

  it("refuses a forged token as GatewayTokenInvalid, even an expired one", () => {
    const parts = partsOf(formatGatewayToken("edge-1", new Date("2020-01-01T00:00:00Z"), "guessed"));
    expect(verifyGatewayToken(parts, { current: ["primary-key"], retired: ["old-key"] }, now)).toEqual({
      ok: false,
      refusal: {
        code: "GatewayTokenInvalid",
        message: "The token's signature matches neither key of gateway 'edge-1': it is forged, or was made from a key regenerated since.",
      },
    });
  });

  it("refuses a token signed for another gateway id", () => {
    const [, , signature] = formatGatewayToken("edge-2", new Date("2026-07-01T00:00:00Z"), "primary-key").split("&");
    const parts = partsOf(`GatewayKey edge-1&202607010000&${signature}`);
    expect(verifyGatewayToken(parts, { current: ["primary-key"] }, now)).toMatchObject({ ok: false, refusal: { code: "GatewayTokenInvalid" } });
  });
});

describe("protocol bodies", () => {
  it("refuses a telemetry batch over the row cap with a message naming it", () => {
    const minute = {
      minute: 1,
      gatewayId: "x",
      apiId: "echo",
      succeeded: 1,
      failed: 0,
      byCode: "{}",
      messagesInbound: 0,
      messagesOutbound: 0,
      bytesInbound: 0,
      bytesOutbound: 0,
      peak: 0,
      active: 0,
      p50: null,
      p95: null,
      p99: null,
      histogram: "{}",
      logRowsDropped: 0,
    };
    const result = telemetryRequestSchema.safeParse({ instanceId: "i", minutes: Array.from({ length: TELEMETRY_MAX_ROWS + 1 }, () => minute) });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toEqual(["A telemetry batch holds at most 5000 rows (logs and minutes together)."]);
  });

  it("defaults absent log and minute lists to empty", () => {
    expect(telemetryRequestSchema.parse({ instanceId: "i" })).toEqual({ instanceId: "i", logs: [], minutes: [] });
  });

  it("refuses a config answer without its key hash key", () => {
    const rows = { revision: 1, apis: [], productApis: [], products: [], policies: [], subscriptions: [] };
    expect(configResponseSchema.safeParse({ gatewayId: "g", revision: 1, keyHashKey: "", rows }).success).toBe(false);
    expect(configResponseSchema.safeParse({ gatewayId: "g", revision: 1, keyHashKey: "a2V5", rows }).success).toBe(true);
  });
});
