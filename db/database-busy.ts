/**
 * True for SQLite's "database is locked" errors (SQLITE_BUSY, SQLITE_LOCKED and their extended
 * codes): another connection held the write lock past the busy timeout. Also when drizzle wraps
 * them ("Failed to run the query …", the SqliteError as `cause`).
 */
export function isDatabaseBusy(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^SQLITE_(BUSY|LOCKED)/.test(code)) return true;
  }
  return false;
}
