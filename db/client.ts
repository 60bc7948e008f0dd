import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as schema from "./schema/index";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

const migrationsFolder = resolve(dirname(fileURLToPath(import.meta.url)), "migrations");

/** The SQLite file from `PORTCULLIS_DB`, default `./data/portcullis.db`. */
export function databasePath(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.PORTCULLIS_DB || "./data/portcullis.db");
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
  migrate(db, { migrationsFolder });
}
