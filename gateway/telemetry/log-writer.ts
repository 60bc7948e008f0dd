import type Database from "better-sqlite3";
import type { LogRow } from "./telemetry-sink";
import { GATEWAY_LOG_UPSERT_SQL } from "./telemetry-sql";

/**
 * Writes gateway log rows (database thread only): one statement that inserts a row or, when it
 * exists, completes it with its close. A completion whose insert was lost inserts the whole row.
 */
export class LogRowWriter {
  private readonly upsert;

  constructor(private readonly sqlite: Database.Database) {
    this.upsert = sqlite.prepare(GATEWAY_LOG_UPSERT_SQL);
  }

  /** Writes the batch in one transaction; throws (nothing written) when it cannot, e.g. SQLITE_BUSY. */
  write(rows: readonly LogRow[]): void {
    this.sqlite.transaction(() => {
      for (const row of rows) this.upsert.run(row);
    })();
  }
}
