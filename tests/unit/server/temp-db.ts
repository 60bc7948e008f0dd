import type { Db } from "@/db/client";
import { createTempDatabase } from "@/tests/helpers/temp-db";

/** A migrated SQLite file in a fresh temp dir; `close()` removes it. */
export function openTempDb(): { db: Db; file: string; close: () => void } {
  const temp = createTempDatabase();
  return { db: temp.db, file: temp.file, close: temp.cleanup };
}

/** The current `config_revision.revision`. */
export function configRevision(db: Db): number {
  return (db.$client.prepare("SELECT revision FROM config_revision WHERE id = 1").get() as { revision: number }).revision;
}
