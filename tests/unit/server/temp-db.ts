import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrateDatabase, openDatabase, type Db } from "@/db/client";

/** A migrated SQLite file in a fresh temp dir; `close()` removes it. */
export function openTempDb(): { db: Db; file: string; close: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "portcullis-unit-"));
  const file = join(dir, "portcullis.db");
  const db = openDatabase(file);
  migrateDatabase(db);
  return {
    db,
    file,
    close: () => {
      db.$client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The current `config_revision.revision`. */
export function configRevision(db: Db): number {
  return (db.$client.prepare("SELECT revision FROM config_revision WHERE id = 1").get() as { revision: number }).revision;
}
