import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrateDatabase, openDatabase, type Db } from "@/db/client";
import { apis } from "@/db/schema/index";

export interface TempDatabase {
  dir: string;
  file: string;
  db: Db;
  cleanup: () => void;
}

/** A migrated SQLite file in a fresh temp folder. */
export function createTempDatabase(): TempDatabase {
  const dir = mkdtempSync(join(tmpdir(), "portcullis-test-"));
  const file = join(dir, "portcullis.db");
  const db = openDatabase(file);
  migrateDatabase(db);
  return {
    dir,
    file,
    db,
    cleanup: () => {
      db.$client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Inserts a WebSocket API (no subscription required unless asked). */
export function insertApi(
  db: Db,
  api: { id: string; path: string; serviceUrl: string; protocols?: ("ws" | "wss")[]; subscriptionRequired?: boolean },
): void {
  db.insert(apis)
    .values({
      id: api.id,
      displayName: api.id,
      serviceUrl: api.serviceUrl,
      path: api.path,
      protocols: api.protocols ?? ["ws", "wss"],
      subscriptionRequired: api.subscriptionRequired ?? false,
    })
    .run();
}

/** The current `config_revision.revision`. */
export function configRevision(db: Db): number {
  return (db.$client.prepare("SELECT revision FROM config_revision WHERE id = 1").get() as { revision: number }).revision;
}
