import { z } from "zod";

/** A `true`/`false` query parameter, `false` when absent; any other value is a 400. */
export function queryFlag(description: string) {
  return z.enum(["true", "false"]).default("false").describe(description);
}
