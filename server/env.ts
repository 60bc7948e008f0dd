import { z } from "zod";
import { trustedProxiesSchema } from "./http/trusted-proxies";

/**
 * The portal's environment (DESIGN.md §1), parsed at the boundary. Empty values count as
 * unset, so `PORTCULLIS_ADMIN_PASSWORD=` in a compose file means "generate one".
 */
const unsetIfEmpty = (value: unknown) => (value === "" ? undefined : value);
const port = z.coerce.number().int().min(1).max(65535);

/** What the portal shows as the gateway's address: given, or derived from `GATEWAY_PORT`. */
const gatewayUrlSchema = z
  .object({
    GATEWAY_PORT: z.preprocess(unsetIfEmpty, port.default(8080)),
    PORTCULLIS_PUBLIC_GATEWAY_URL: z.preprocess(
      unsetIfEmpty,
      z.url({ protocol: /^wss?$/, error: "must be a ws:// or wss:// URL" }).optional(),
    ),
  })
  .transform((env) => env.PORTCULLIS_PUBLIC_GATEWAY_URL ?? `ws://localhost:${env.GATEWAY_PORT}`);

const portalEnvSchema = z.object({
  PORT: z.preprocess(unsetIfEmpty, port.default(3000)),
  /** The address the portal listens on (`next start -H`); unset: every interface. */
  PORTAL_HOST: z.preprocess(unsetIfEmpty, z.string().optional()),
  PORTCULLIS_DB: z.preprocess(unsetIfEmpty, z.string().default("./data/portcullis.db")),
  PORTCULLIS_ADMIN_EMAIL: z.preprocess(unsetIfEmpty, z.email().default("admin@portcullis.local")),
  PORTCULLIS_ADMIN_PASSWORD: z.preprocess(unsetIfEmpty, z.string().min(8, "must be at least 8 characters long").optional()),
  PORTCULLIS_BOOTSTRAP_TOKEN: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .min(16, "must be at least 16 characters long")
      .regex(/^\S+$/, "must not contain whitespace")
      .optional(),
  ),
  PORTCULLIS_TRUSTED_PROXIES: trustedProxiesSchema,
});

export type PortalEnv = z.output<typeof portalEnvSchema> & { PORTCULLIS_PUBLIC_GATEWAY_URL: string };

/** Parses the environment; throws an Error listing every invalid variable. */
export function parsePortalEnv(env: Record<string, string | undefined> = process.env): PortalEnv {
  const portal = portalEnvSchema.safeParse(env);
  const gatewayUrl = gatewayUrlSchema.safeParse(env);
  if (portal.success && gatewayUrl.success) return { ...portal.data, PORTCULLIS_PUBLIC_GATEWAY_URL: gatewayUrl.data };
  const issues = [...(portal.error?.issues ?? []), ...(gatewayUrl.error?.issues ?? [])];
  const lines = issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
  throw new Error(`Invalid environment:\n${lines.join("\n")}`);
}

/** The gateway's URL as clients see it, for display; the default when the variables are invalid. */
export function publicGatewayUrl(env: Record<string, string | undefined> = process.env): string {
  const result = gatewayUrlSchema.safeParse(env);
  return result.success ? result.data : "ws://localhost:8080";
}
