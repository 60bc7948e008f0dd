import { describe, expect, it } from "vitest";
import { parseGatewayEnv } from "@/gateway/config/env";
import { formatGatewayToken } from "@/gateway/remote/gateway-token";

const EXPIRY = new Date("2030-01-02T03:04:00Z");
const TOKEN = formatGatewayToken("edge", EXPIRY, "primary-key");
const env = (vars: Record<string, string>) => parseGatewayEnv(vars as unknown as NodeJS.ProcessEnv);

describe("parseGatewayEnv: database or portal", () => {
  it("runs on the database file when no remote variable is set", () => {
    const parsed = env({});
    expect(parsed.remote).toBeNull();
    expect(parsed.PORTCULLIS_DB).toBe("./data/portcullis.db");
    expect(parsed.GATEWAY_ID).toBe("managed");
  });

  it("takes the gateway id from the token and defaults the cache file by it", () => {
    const parsed = env({ PORTCULLIS_CONFIG_URL: "https://portal.example.com/", PORTCULLIS_GATEWAY_TOKEN: TOKEN });
    expect(parsed.GATEWAY_ID).toBe("edge");
    expect(parsed.remote).toEqual({ configUrl: "https://portal.example.com", token: TOKEN, gatewayId: "edge", tokenExpiry: EXPIRY, cacheFile: "data/gateway-config-edge.json" });
    expect(parsed.notices).toEqual([]);
  });

  it("accepts a token pasted without its scheme, an empty PORTCULLIS_DB, and a matching GATEWAY_ID", () => {
    const parsed = env({
      PORTCULLIS_CONFIG_URL: "http://10.0.0.5:3000",
      PORTCULLIS_GATEWAY_TOKEN: TOKEN.slice("GatewayKey ".length),
      PORTCULLIS_DB: "",
      GATEWAY_ID: "edge",
      GATEWAY_CONFIG_CACHE: "/var/lib/portcullis/edge.json",
    });
    expect(parsed.remote).toMatchObject({ token: TOKEN, cacheFile: "/var/lib/portcullis/edge.json" });
  });

  it("refuses to start when GATEWAY_ID names another gateway than the token", () => {
    expect(() => env({ PORTCULLIS_CONFIG_URL: "http://portal", PORTCULLIS_GATEWAY_TOKEN: TOKEN, GATEWAY_ID: "other" })).toThrow(
      "Invalid gateway environment:\n  GATEWAY_ID is 'other' but PORTCULLIS_GATEWAY_TOKEN is a token of gateway 'edge': a remote gateway takes its id from its token; unset GATEWAY_ID or use that gateway's token",
    );
  });

  it("refuses a database file and a portal together, and each remote variable without the other", () => {
    expect(() => env({ PORTCULLIS_CONFIG_URL: "http://portal", PORTCULLIS_GATEWAY_TOKEN: TOKEN, PORTCULLIS_DB: "./data/portcullis.db" })).toThrow(
      /PORTCULLIS_DB is set together with PORTCULLIS_CONFIG_URL\/PORTCULLIS_GATEWAY_TOKEN: a gateway reads its configuration from the database file or from the portal, not both/,
    );
    expect(() => env({ PORTCULLIS_GATEWAY_TOKEN: TOKEN })).toThrow(/PORTCULLIS_GATEWAY_TOKEN is set but PORTCULLIS_CONFIG_URL is not/);
    expect(() => env({ PORTCULLIS_CONFIG_URL: "http://portal" })).toThrow(/PORTCULLIS_CONFIG_URL is set but PORTCULLIS_GATEWAY_TOKEN is not/);
  });

  it("refuses a malformed token and a URL that is not http(s), saying why", () => {
    expect(() => env({ PORTCULLIS_CONFIG_URL: "portal.example.com", PORTCULLIS_GATEWAY_TOKEN: "edge&2030&abc" })).toThrow(
      "Invalid gateway environment:\n  PORTCULLIS_CONFIG_URL must be the portal's http:// or https:// base URL, got \"portal.example.com\"\n  PORTCULLIS_GATEWAY_TOKEN is not a gateway token: The Authorization header must be 'GatewayKey {gatewayId}&{yyyyMMddHHmm}&{signature}', a token made by POST /gateways/{gatewayId}/generateToken.",
    );
  });

  it("names the database-only settings a remote gateway ignores", () => {
    const parsed = env({ PORTCULLIS_CONFIG_URL: "http://portal", PORTCULLIS_GATEWAY_TOKEN: TOKEN, GATEWAY_LOG_RETENTION_DAYS: "30" });
    expect(parsed.notices).toEqual(["GATEWAY_LOG_RETENTION_DAYS is ignored: log retention is the portal's: it prunes the rows every gateway ships"]);
  });
});
