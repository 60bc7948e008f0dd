import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { gatewayLogs } from "@/db/schema/index";
import { waitFor } from "./gateway-process";

export type GatewayLogRow = typeof gatewayLogs.$inferSelect;

/**
 * Waits until the gateway has written a log row for `url` (path and query as the client
 * sent them) that satisfies `done`, e.g. one completed with its close.
 */
export async function waitForLogRow(
  db: Db,
  url: string,
  done: (row: GatewayLogRow) => boolean = () => true,
  timeoutMs = 5000,
): Promise<GatewayLogRow> {
  const row = await waitFor(() => {
    const rows = db.select().from(gatewayLogs).where(eq(gatewayLogs.url, url)).all();
    if (rows.length > 1) throw new Error(`expected one log row for ${url}, found ${rows.length}`);
    return rows[0] && done(rows[0]) ? rows[0] : undefined;
  }, timeoutMs);
  return row!; // waitFor only resolves with a truthy value
}
