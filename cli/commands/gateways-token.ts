import { z } from "zod";
import { UsageError } from "../cli-errors";
import { defineCommand } from "../command";
import { parseResponse } from "../http-client";
import { segment } from "../show-resource";

const tokenSchema = z.object({ value: z.string() });
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `30d`, `12h`, `90m` from now, or an ISO 8601 date-time, as an ISO date-time. */
export function parseExpiry(value: string, now = Date.now()): string {
  const relative = /^(\d+)([mhd])$/.exec(value);
  if (relative) return new Date(now + Number(relative[1]) * UNIT_MS[relative[2] as keyof typeof UNIT_MS]).toISOString();
  if (/^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value))) return new Date(value).toISOString();
  throw new UsageError(`--expiry must be a duration such as 30d, 12h or 90m, or an ISO 8601 date-time such as 2030-01-31T12:00:00Z, not '${value}'.`);
}

export const gatewaysToken = defineCommand({
  words: ["gateways", "token"],
  summary: "Generate a token a self-hosted gateway runs with (PORTCULLIS_GATEWAY_TOKEN).",
  args: ["gatewayId"],
  options: {
    expiry: { type: "string", valueName: "<when>", description: "30d, 12h, 90m or an ISO date-time; at most 30 days (default 30d, less a minute)" },
    key: { type: "string", valueName: "<primary|secondary>", description: "The key that signs it (default primary)" },
  },
  json: true,
  notes: "Example:\n  PORTCULLIS_GATEWAY_TOKEN=\"$(portcullis gateways token london --expiry 7d)\" npm run gateway",
  async run(context, { args, options }) {
    const keyType = options.key ?? "primary";
    if (keyType !== "primary" && keyType !== "secondary") throw new UsageError(`--key must be primary or secondary, not '${keyType}'.`);
    // 30 days exactly would be past the limit by the time the portal reads it.
    const expiry = options.expiry === undefined ? new Date(Date.now() + 30 * UNIT_MS.d - UNIT_MS.m).toISOString() : parseExpiry(options.expiry);
    const path = `/gateways/${segment(args.gatewayId)}/generateToken`;
    const response = await context.client().request("POST", path, { keyType, expiry });
    if (context.json) return context.out.json(response.body);
    context.out.line(parseResponse(tokenSchema, response.body, `POST ${path}`).value);
  },
});
