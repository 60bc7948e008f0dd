import { join } from "node:path";
import { GATEWAY_TOKEN_SCHEME, parseGatewayToken } from "./gateway-token";

/** How a self-hosted gateway reaches its portal (DESIGN §6), resolved from the environment. */
export interface RemoteSettings {
  /** The portal's base URL, without a trailing slash. */
  configUrl: string;
  /** The whole Authorization header value: `GatewayKey {gid}&{yyyyMMddHHmm}&{signature}`. */
  token: string;
  gatewayId: string;
  tokenExpiry: Date;
  /** GATEWAY_CONFIG_CACHE, or `./data/gateway-config-{gid}.json`. */
  cacheFile: string;
}

/** Settings that only a gateway on the database file uses: a remote gateway says so instead of silently ignoring them. */
const DATABASE_ONLY: Record<string, string> = {
  GATEWAY_CONFIG_POLL_MS: "a remote gateway does not poll a database: the portal answers its long-poll as soon as the configuration changes",
  GATEWAY_LOG_RETENTION_DAYS: "log retention is the portal's: it prunes the rows every gateway ships",
  GATEWAY_RETENTION_INTERVAL_MS: "log retention is the portal's: it prunes the rows every gateway ships",
};

type Raw = Record<string, string | undefined>;

/** A variable counts as set when it is not empty (`PORTCULLIS_DB=` in a compose file means unset). */
function given(raw: Raw, name: string): string | undefined {
  const value = raw[name];
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

/**
 * Decides between the two ways a gateway runs: on the database file (PORTCULLIS_DB, the
 * default) or self-hosted (PORTCULLIS_CONFIG_URL + PORTCULLIS_GATEWAY_TOKEN). Returns null for
 * the first, the remote settings for the second, and throws a message that says what to change
 * when the variables contradict each other. `notices` gets one line per setting that a remote
 * gateway ignores.
 */
export function resolveRemoteSettings(raw: Raw, notices: string[]): RemoteSettings | null {
  const configUrl = given(raw, "PORTCULLIS_CONFIG_URL");
  const tokenValue = given(raw, "PORTCULLIS_GATEWAY_TOKEN");
  if (configUrl === undefined && tokenValue === undefined) {
    if (given(raw, "GATEWAY_CONFIG_CACHE") !== undefined) notices.push("GATEWAY_CONFIG_CACHE is ignored: it is the cache of a remote gateway (PORTCULLIS_CONFIG_URL + PORTCULLIS_GATEWAY_TOKEN)");
    return null;
  }
  const problems: string[] = [];
  if (configUrl === undefined) problems.push("PORTCULLIS_GATEWAY_TOKEN is set but PORTCULLIS_CONFIG_URL is not: a remote gateway needs both (the portal's base URL, e.g. https://portal.example.com)");
  if (tokenValue === undefined) problems.push("PORTCULLIS_CONFIG_URL is set but PORTCULLIS_GATEWAY_TOKEN is not: a remote gateway needs both (generate a token on the gateway's Deployment tab or with POST /gateways/{gid}/generateToken)");
  if (given(raw, "PORTCULLIS_DB") !== undefined) {
    problems.push("PORTCULLIS_DB is set together with PORTCULLIS_CONFIG_URL/PORTCULLIS_GATEWAY_TOKEN: a gateway reads its configuration from the database file or from the portal, not both; unset PORTCULLIS_DB for a remote gateway");
  }
  if (configUrl !== undefined && !/^https?:\/\/[^/]/i.test(configUrl)) problems.push(`PORTCULLIS_CONFIG_URL must be the portal's http:// or https:// base URL, got ${JSON.stringify(configUrl)}`);
  let token: string | null = null;
  let parts: { gatewayId: string; expiry: Date } | null = null;
  if (tokenValue !== undefined) {
    // The portal shows the whole header value; a token pasted without its scheme is accepted too.
    token = tokenValue.startsWith(`${GATEWAY_TOKEN_SCHEME} `) ? tokenValue : `${GATEWAY_TOKEN_SCHEME} ${tokenValue}`;
    const parsed = parseGatewayToken(token);
    if (parsed.ok) parts = parsed.parts;
    else problems.push(`PORTCULLIS_GATEWAY_TOKEN is not a gateway token: ${parsed.refusal.message}`);
  }
  const gatewayId = given(raw, "GATEWAY_ID");
  if (parts && gatewayId !== undefined && gatewayId !== parts.gatewayId) {
    problems.push(`GATEWAY_ID is '${gatewayId}' but PORTCULLIS_GATEWAY_TOKEN is a token of gateway '${parts.gatewayId}': a remote gateway takes its id from its token; unset GATEWAY_ID or use that gateway's token`);
  }
  if (problems.length > 0 || !parts || !token || !configUrl) throw new Error(problems.join("\n  "));
  for (const [name, why] of Object.entries(DATABASE_ONLY)) if (given(raw, name) !== undefined) notices.push(`${name} is ignored: ${why}`);
  return {
    configUrl: configUrl.replace(/\/+$/, ""),
    token,
    gatewayId: parts.gatewayId,
    tokenExpiry: parts.expiry,
    cacheFile: given(raw, "GATEWAY_CONFIG_CACHE") ?? join(".", "data", `gateway-config-${parts.gatewayId}.json`),
  };
}
