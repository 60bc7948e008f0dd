import { z } from "zod";
import { MIN_PASSWORD_LENGTH } from "./auth/password-limits";
import { trustedProxiesSchema } from "./http/trusted-proxies";

/**
 * The portal's environment (DESIGN.md §1), parsed at the boundary. Empty values count as
 * unset, so `PORTCULLIS_ADMIN_PASSWORD=` in a compose file means "generate one".
 */
const unsetIfEmpty = (value: unknown) => (value === "" ? undefined : value);
const port = z.coerce.number().int().min(1).max(65535);

/**
 * Where clients reach the gateway. `PORTCULLIS_PUBLIC_GATEWAY_URL` is the address the portal shows
 * (given, or `ws://localhost:$GATEWAY_PORT`, `wss://` when the co-deployed gateway has its own
 * certificate); `PORTCULLIS_PUBLIC_GATEWAY_WSS_URL` adds a TLS front end (a proxy terminating TLS
 * before a ws-only gateway). A scheme with neither is one no gateway answers: never published.
 */
const gatewaySchema = z
  .object({
    GATEWAY_PORT: z.preprocess(unsetIfEmpty, port.default(8080)),
    GATEWAY_TLS_CERT_FILE: z.preprocess(unsetIfEmpty, z.string().optional()),
    GATEWAY_TLS_KEY_FILE: z.preprocess(unsetIfEmpty, z.string().optional()),
    PORTCULLIS_PUBLIC_GATEWAY_URL: z.preprocess(
      unsetIfEmpty,
      z.url({ protocol: /^wss?$/, error: "must be a ws:// or wss:// URL" }).optional(),
    ),
    PORTCULLIS_PUBLIC_GATEWAY_WSS_URL: z.preprocess(unsetIfEmpty, z.url({ protocol: /^wss$/, error: "must be a wss:// URL" }).optional()),
  })
  .transform((env): PublicGateway => {
    const tls = env.GATEWAY_TLS_CERT_FILE !== undefined && env.GATEWAY_TLS_KEY_FILE !== undefined;
    const primary = trimSlash(env.PORTCULLIS_PUBLIC_GATEWAY_URL ?? `${tls ? "wss" : "ws"}://localhost:${env.GATEWAY_PORT}`);
    const own = primary.startsWith("wss:") ? "wss" : "ws";
    const wss = env.PORTCULLIS_PUBLIC_GATEWAY_WSS_URL ? trimSlash(env.PORTCULLIS_PUBLIC_GATEWAY_WSS_URL) : own === "wss" ? primary : null;
    return { primary, ws: own === "ws" ? primary : null, wss };
  });

const trimSlash = (url: string) => url.replace(/\/+$/, "");

/** The gateway's public addresses: the one shown first, and the base URL per scheme (null: no gateway serves it). */
export interface PublicGateway {
  primary: string;
  ws: string | null;
  wss: string | null;
}

const portalEnvSchema = z.object({
  PORT: z.preprocess(unsetIfEmpty, port.default(3000)),
  /** The address the portal listens on (`next start -H`); unset: every interface. */
  PORTAL_HOST: z.preprocess(unsetIfEmpty, z.string().optional()),
  PORTCULLIS_DB: z.preprocess(unsetIfEmpty, z.string().default("./data/portcullis.db")),
  PORTCULLIS_ADMIN_EMAIL: z.preprocess(unsetIfEmpty, z.email().default("admin@portcullis.local")),
  // The length as the password rule words it; the rest of the rule (guessable, the email's words) runs when the administrator is created.
  PORTCULLIS_ADMIN_PASSWORD: z.preprocess(unsetIfEmpty, z.string().min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters long`).optional()),
  PORTCULLIS_BOOTSTRAP_TOKEN: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .min(16, "must be at least 16 characters long")
      .regex(/^\S+$/, "must not contain whitespace")
      .optional(),
  ),
  PORTCULLIS_TRUSTED_PROXIES: trustedProxiesSchema,
  /** The portal's public URL (next-auth's variable): password links and the same-origin check use it. */
  NEXTAUTH_URL: z.preprocess(unsetIfEmpty, z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" }).optional()),
});

export type PortalEnv = z.output<typeof portalEnvSchema> & { PORTCULLIS_PUBLIC_GATEWAY_URL: string; PORTCULLIS_PUBLIC_GATEWAY_WSS_URL?: string };

/** Parses the environment; throws an Error listing every invalid variable. */
export function parsePortalEnv(env: Record<string, string | undefined> = process.env): PortalEnv {
  const portal = portalEnvSchema.safeParse(env);
  const gatewayUrl = gatewaySchema.safeParse(env);
  if (portal.success && gatewayUrl.success) {
    const { primary, wss } = gatewayUrl.data;
    return { ...portal.data, PORTCULLIS_PUBLIC_GATEWAY_URL: primary, PORTCULLIS_PUBLIC_GATEWAY_WSS_URL: wss !== null && wss !== primary ? wss : undefined };
  }
  const issues = [...(portal.error?.issues ?? []), ...(gatewayUrl.error?.issues ?? [])];
  const lines = issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
  throw new Error(`Invalid environment:\n${lines.join("\n")}`);
}

/** The gateway's URL as clients see it, for display; the default when the variables are invalid. */
export function publicGatewayUrl(env: Record<string, string | undefined> = process.env): string {
  return publicGateway(env).primary;
}

/** Every public gateway address, per scheme; the defaults when the variables are invalid (the start-up check names them). */
export function publicGateway(env: Record<string, string | undefined> = process.env): PublicGateway {
  const result = gatewaySchema.safeParse(env);
  return result.success ? result.data : { primary: "ws://localhost:8080", ws: "ws://localhost:8080", wss: null };
}
