import "server-only";
import { databasePath, migrateDatabase, openDatabase, type Db } from "@/db/client";

/**
 * The portal's database handle: opened once per process on first use, from `PORTCULLIS_DB`.
 * The launcher has already migrated the file; migrating again is idempotent and lets
 * `next dev` run on its own. Kept on globalThis so dev-mode module reloads reuse it.
 */
/**
 * How long a portal request waits for another process's write lock before SQLITE_BUSY, which
 * the management API answers with 503 DatabaseBusy + Retry-After. The gateway's own writes
 * hold the lock for milliseconds, so a second covers ordinary contention, while a lock held
 * for long (a backup, a stray `BEGIN IMMEDIATE`) is reported in one second instead of five.
 */
export const PORTAL_BUSY_TIMEOUT_MS = 1000;

const holder = globalThis as typeof globalThis & { __portcullisDb?: { file: string; db: Db } };

/** The shared database handle for the portal process. */
export function getDb(): Db {
  const file = databasePath();
  if (holder.__portcullisDb?.file === file) return holder.__portcullisDb.db;
  holder.__portcullisDb?.db.$client.close();
  const db = openDatabase(file, { busyTimeoutMs: PORTAL_BUSY_TIMEOUT_MS });
  migrateDatabase(db);
  holder.__portcullisDb = { file, db };
  return db;
}
