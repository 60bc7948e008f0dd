/**
 * Next.js runs `register` once when the portal's server starts: the portal watches its SQLite
 * file from then on (a removed or replaced file is logged at once, not when someone asks
 * `GET /api/health`). Only in the Node.js runtime: the watch uses the file system.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startPortalDatabaseWatch } = await import("@/server/health/portal-database-watch");
  const { log } = await import("@/gateway/log");
  await startPortalDatabaseWatch().catch((error: unknown) => log.error("could not watch the database file", { error: String(error) }));
}
