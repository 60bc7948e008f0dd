import { z } from "zod";
import { CONFIG_LONG_POLL_MS } from "@/gateway/remote/protocol";

const holdSchema = z.coerce.number().int().min(0).max(120_000);

/** How long `GET /config?revision=N` is held: `PORTCULLIS_GATEWAY_LONGPOLL_MS` (tests shorten it), else 25 s. */
export function longPollHoldMs(env: Record<string, string | undefined> = process.env): number {
  const value = env.PORTCULLIS_GATEWAY_LONGPOLL_MS;
  if (value === undefined || value === "") return CONFIG_LONG_POLL_MS;
  const parsed = holdSchema.safeParse(value);
  if (!parsed.success) throw new Error(`Invalid environment: PORTCULLIS_GATEWAY_LONGPOLL_MS must be a whole number of milliseconds from 0 to 120000, not '${value}'.`);
  return parsed.data;
}
