import { databasePath, migrateDatabase, openDatabase, type Db } from "@/db/client";

/**
 * The portal's database handle: opened once per process on first use, from `PORTCULLIS_DB`.
 * The launcher has already migrated the file; migrating again is idempotent and lets
 * `next dev` run on its own. Kept on globalThis so dev-mode module reloads reuse it.
 */
const holder = globalThis as typeof globalThis & { __portcullisDb?: { file: string; db: Db } };

/** The shared database handle for the portal process. */
export function getDb(): Db {
  const file = databasePath();
  if (holder.__portcullisDb?.file === file) return holder.__portcullisDb.db;
  holder.__portcullisDb?.db.$client.close();
  const db = openDatabase(file);
  migrateDatabase(db);
  holder.__portcullisDb = { file, db };
  return db;
}
