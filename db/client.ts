import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import { chmodSync, closeSync, mkdirSync, openSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as schema from "./schema/index";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** The database or a transaction on it: what a helper that runs inside a caller's transaction takes. */
export type DbExecutor = BaseSQLiteDatabase<"sync", Database.RunResult, typeof schema>;

const migrationsFolder = resolve(dirname(fileURLToPath(import.meta.url)), "migrations");

/** The SQLite file from `PORTCULLIS_DB`, default `./data/portcullis.db`. */
export function databasePath(env: Record<string, string | undefined> = process.env): string {
  // Read at run time; the comment keeps Turbopack from tracing the whole project into the portal build.
  return resolve(/*turbopackIgnore: true*/ env.PORTCULLIS_DB || "./data/portcullis.db");
}

export interface OpenOptions {
  readonly?: boolean;
  /** How long a writer waits for a lock before SQLITE_BUSY. */
  busyTimeoutMs?: number;
}

/** The database, its `-wal` and its `-shm`: they hold password hashes and encrypted keys. */
export const DATABASE_FILE_MODE = 0o600;

/**
 * Creates the database file 0600 if it is missing, and tightens an existing one (and its `-wal`
 * and `-shm`) to 0600. SQLite creates new files 0644 (less the umask), but it gives the `-wal`
 * and `-shm` files the main file's mode, so a 0600 main file keeps all three private. Opening
 * the file ourselves first (an empty file is an empty database) closes the window in which
 * SQLite would have created it world-readable. Runs once per open, at start-up, never per request.
 */
export function restrictDatabaseFiles(file: string): void {
  if (file === ":memory:" || file === "") return;
  closeSync(openSync(file, "a", DATABASE_FILE_MODE));
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      chmodSync(path, DATABASE_FILE_MODE);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Not there yet (SQLite creates it with the main file's mode); or owned by another user
      // who shares the file on purpose: theirs to tighten, and no reason to refuse to start.
      if (code !== "ENOENT" && code !== "EPERM") throw error;
    }
  }
}

/** Opens the database in WAL mode with a busy timeout and foreign keys on; a writable one is made 0600. */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  if (!options.readonly) {
    mkdirSync(dirname(file), { recursive: true });
    restrictDatabaseFiles(file);
  }
  const sqlite = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  if (!options.readonly) {
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("synchronous = NORMAL");
  }
  sqlite.pragma("foreign_keys = ON");
  return drizzle(sqlite, { schema }) as Db;
}

/** Applies the committed drizzle-kit migrations (idempotent). */
export function migrateDatabase(db: Db): void {
  // drizzle reads the last applied migration before it takes the write lock, so two processes
  // migrating a fresh file together (portal and gateway) can both try the same migration; the
  // loser fails ("table already exists") once the winner commits, and a second pass finds
  // nothing left to do.
  try {
    migrate(db, { migrationsFolder });
  } catch {
    migrate(db, { migrationsFolder });
  }
}
