import { z } from "zod";

/**
 * The portal's environment (DESIGN.md §1), parsed at the boundary. Empty values count as
 * unset, so `PORTCULLIS_ADMIN_PASSWORD=` in a compose file means "generate one".
 */
const unsetIfEmpty = (value: unknown) => (value === "" ? undefined : value);

export const portalEnvSchema = z.object({
  PORT: z.preprocess(unsetIfEmpty, z.coerce.number().int().min(1).max(65535).default(3000)),
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
  PORTCULLIS_PUBLIC_GATEWAY_URL: z.preprocess(
    unsetIfEmpty,
    z.url({ protocol: /^wss?$/, error: "must be a ws:// or wss:// URL" }).default("ws://localhost:8080"),
  ),
});
export type PortalEnv = z.output<typeof portalEnvSchema>;

/** Parses the environment; throws an Error listing every invalid variable. */
export function parsePortalEnv(env: NodeJS.ProcessEnv = process.env): PortalEnv {
  const result = portalEnvSchema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
  throw new Error(`Invalid environment:\n${lines.join("\n")}`);
}

/** The gateway's URL as clients see it, for display; falls back to the default when unset or invalid. */
export function publicGatewayUrl(env: NodeJS.ProcessEnv = process.env): string {
  const result = portalEnvSchema.shape.PORTCULLIS_PUBLIC_GATEWAY_URL.safeParse(env.PORTCULLIS_PUBLIC_GATEWAY_URL);
  return result.success ? result.data : "ws://localhost:8080";
}
