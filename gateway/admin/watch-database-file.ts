import { DatabaseFileWatch } from "../../db/database-file-watch";
import { log } from "../log";

/**
 * The gateway's watch on its SQLite file: one log line when the file is removed or replaced
 * under the running gateway, one when it is back; `/readyz` reports `problem` meanwhile.
 */
export function watchDatabaseFile(file: string, intervalMs = 2000): DatabaseFileWatch {
  return new DatabaseFileWatch(file, {
    intervalMs,
    onChange: (state, watch) => {
      if (state === "ok") log.info("database file is back at its path; ready again", { db: file });
      else log.error(watch.problem!, { db: file, state, hint: "restart the gateway on the intended file; writes since went to the unlinked file" });
    },
  });
}
