import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import { mkdirSync } from "node:fs";
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

/** Opens the database in WAL mode with a busy timeout and foreign keys on. */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  if (!options.readonly) mkdirSync(dirname(file), { recursive: true });
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
