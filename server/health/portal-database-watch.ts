import "server-only";
import { basename } from "node:path";
import { databasePath } from "@/db/client";
import { databaseFileProblem, DatabaseFileWatch } from "@/db/database-file-watch";
import { getDb } from "@/server/db";
import { log } from "@/gateway/log";

/** One watch per portal process; on globalThis so dev-mode module reloads reuse it. */
const holder = globalThis as typeof globalThis & { __portcullisDbWatch?: Promise<DatabaseFileWatch> };

/**
 * Starts (once) the portal's watch on its SQLite file: opens the database first so the watch
 * records the file the portal really has open, then logs one line when that file is removed
 * or replaced under the running portal, and one when it is back.
 */
export function startPortalDatabaseWatch(): Promise<DatabaseFileWatch> {
  holder.__portcullisDbWatch ??= (async () => {
    getDb();
    const file = databasePath();
    const watch = new DatabaseFileWatch(file, {
      onChange: (state, w) => {
        if (state === "ok") log.info(`database file ${file} is back at its path; healthy again.`);
        else log.error(`${w.problem}: restart the portal on the intended file; changes since went to the unlinked file.`);
      },
    });
    await watch.start();
    return watch;
  })();
  return holder.__portcullisDbWatch;
}

/** The portal's health for `GET /api/health`: null, or why it is not healthy (without the folder, which is not the public's business). */
export async function portalHealthProblem(): Promise<string | null> {
  let watch: DatabaseFileWatch;
  try {
    watch = await startPortalDatabaseWatch();
  } catch (error) {
    holder.__portcullisDbWatch = undefined;
    log.error("health: the database cannot be opened", { error: String(error) });
    return "the database cannot be opened";
  }
  return databaseFileProblem(basename(watch.file), await watch.check());
}

/** Stops and forgets the watch (tests that open another database next). */
export async function stopPortalDatabaseWatch(): Promise<void> {
  const watch = holder.__portcullisDbWatch;
  holder.__portcullisDbWatch = undefined;
  (await watch?.catch(() => null))?.stop();
}
