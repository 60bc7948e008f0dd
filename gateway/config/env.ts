import { availableParallelism } from "node:os";
import { z } from "zod";
import { resolveRemoteSettings, type RemoteSettings } from "../remote/remote-env";

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();

/** The gateway's environment, parsed once at start (DESIGN.md §1, §3 limits). */
const gatewayEnvSchema = z.object({
  PORTCULLIS_DB: z.string().default("./data/portcullis.db"),
  GATEWAY_ID: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$/).default("managed"),
  /**
   * Worker processes behind the one client port and admin port (DESIGN.md §6): `auto` = one per
   * core, or a positive number. 1 runs the gateway in this process alone, with no primary.
   */
  GATEWAY_WORKERS: z
    .string()
    .default("auto")
    .transform((value, ctx) => {
      if (value.trim() === "auto") return availableParallelism();
      const n = Number(value);
      if (/^\s*\d+\s*$/.test(value) && n >= 1 && n <= 1024) return n;
      ctx.addIssue({ code: "custom", message: `expected "auto" or a whole number from 1 to 1024, got ${JSON.stringify(value)}` });
      return z.NEVER;
    }),
  /**
   * A self-hosted gateway (DESIGN §6): the portal's base URL and a token from
   * `POST /gateways/{gid}/generateToken`, instead of PORTCULLIS_DB. The token names the gateway.
   */
  PORTCULLIS_CONFIG_URL: z.string().optional(),
  PORTCULLIS_GATEWAY_TOKEN: z.string().optional(),
  /** A self-hosted gateway's last configuration (mode 0600); default `./data/gateway-config-{gid}.json`. */
  GATEWAY_CONFIG_CACHE: z.string().optional(),
  GATEWAY_HOST: z.string().default("0.0.0.0"),
  GATEWAY_PORT: port.default(8080),
  GATEWAY_ADMIN_HOST: z.string().default("127.0.0.1"),
  GATEWAY_ADMIN_PORT: port.default(9090),
  /** Optional TLS for the client-facing listener (wss://). */
  GATEWAY_TLS_CERT_FILE: z.string().optional(),
  GATEWAY_TLS_KEY_FILE: z.string().optional(),
  /** Extra CA (PEM file) trusted for wss:// backends, on top of the system roots. */
  GATEWAY_BACKEND_CA_FILE: z.string().optional(),
  /** Time a client has to send its complete handshake request. */
  GATEWAY_HANDSHAKE_TIMEOUT_MS: positiveInt.default(10_000),
  /** Largest handshake request header block (bytes); larger gets 431. */
  GATEWAY_MAX_HEADER_BYTES: positiveInt.default(16 * 1024),
  /** Open plus pending connections past which handshakes get 503. */
  GATEWAY_MAX_CONNECTIONS: positiveInt.default(100_000),
  /** Time the backend has to answer its handshake before the client gets 504. */
  GATEWAY_BACKEND_TIMEOUT_MS: positiveInt.default(10_000),
  /** After SIGTERM: how long open connections may go on before they are closed with 1001. */
  GATEWAY_DRAIN_SECONDS: z.coerce.number().min(0).default(10),
  /** How long the gateway waits for peers to finish a close before destroying sockets. */
  GATEWAY_CLOSE_TIMEOUT_MS: positiveInt.default(5_000),
  /**
   * What relays bytes after the 101: `native` (the epoll addon; start fails if it cannot load) or
   * `js`; unset = native when the addon loads, else JS (said once in the log). TLS stays on JS.
   */
  GATEWAY_RELAY: z.enum(["native", "js"]).optional(),
  /**
   * How often the database thread polls the configuration revision and the close requests: a
   * one-row read off the event loop, so it can be frequent (a change is live within a second).
   */
  GATEWAY_CONFIG_POLL_MS: positiveInt.default(100),
  /** How often queued log rows are written. */
  GATEWAY_LOG_FLUSH_MS: positiveInt.default(250),
  /** How often the gateway records its heartbeat. */
  GATEWAY_HEARTBEAT_MS: positiveInt.default(15_000),
  /** How often per-minute metric rows are brought up to date. */
  GATEWAY_METRICS_FLUSH_MS: positiveInt.default(5_000),
  /** Log rows held in memory at most; past it rows are dropped (and counted), never waited on. */
  GATEWAY_LOG_QUEUE_MAX: positiveInt.default(50_000),
  /** Days gateway log rows and per-minute metric rows are kept; older ones are pruned in the background. */
  GATEWAY_LOG_RETENTION_DAYS: z.coerce.number().positive().default(7),
  /** How often the retention pruning runs. */
  GATEWAY_RETENTION_INTERVAL_MS: positiveInt.default(60 * 60 * 1000),
  /**
   * `off`: no gateway log rows and no per-minute metric rows are written (Prometheus counters
   * still count). For measuring what telemetry costs; not for production.
   */
  GATEWAY_TELEMETRY: z.enum(["on", "off"]).default("on"),
  /**
   * Redis that keeps rate-limit and quota counters for every gateway and worker using it
   * (DESIGN.md §6); unset or empty = counters in this gateway's memory.
   */
  REDIS_URL: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z.url({ protocol: /^rediss?$/, error: "must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379" }).optional(),
  ),
  /** When Redis cannot answer: `allow` lets handshakes through uncounted, `deny` refuses them with 503. */
  GATEWAY_COUNTERS_ON_ERROR: z.enum(["allow", "deny"]).default("allow"),
});

export type GatewayEnv = z.infer<typeof gatewayEnvSchema> & {
  /** Set for a self-hosted gateway (then GATEWAY_ID is its token's gateway and no database is used). */
  remote: RemoteSettings | null;
  /** Settings given that this kind of gateway ignores, one line each, for the start-up log. */
  notices: string[];
};

/** Parses the environment or throws a readable error naming each bad variable. */
export function parseGatewayEnv(env: Record<string, string | undefined>): GatewayEnv {
  const result = gatewayEnvSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid gateway environment:\n  ${lines.join("\n  ")}`);
  }
  const notices: string[] = [];
  let remote: RemoteSettings | null;
  try {
    remote = resolveRemoteSettings(env, notices);
  } catch (error) {
    throw new Error(`Invalid gateway environment:\n  ${(error as Error).message}`, { cause: error });
  }
  return { ...result.data, ...(remote && { GATEWAY_ID: remote.gatewayId }), remote, notices };
}
