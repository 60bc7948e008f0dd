import type Database from "better-sqlite3";
import { METRICS_MINUTE_UPSERT_SQL, toTelemetryMinuteRow } from "./telemetry-sql";
import type { MinuteMetricRow } from "./telemetry-sink";

/**
 * Adds per-minute rows into `metrics_minute` (database thread only): counts add up, the peak is
 * a maximum, the latest active count and the minute's latency figures replace what was there.
 */
export class MinuteRowWriter {
  private readonly upsert;

  constructor(private readonly sqlite: Database.Database) {
    // The same statement the portal applies to a self-hosted gateway's rows: one home for the arithmetic.
    this.upsert = sqlite.prepare(METRICS_MINUTE_UPSERT_SQL);
  }

  /** Writes the rows in one transaction; throws (nothing written) when it cannot. */
  write(rows: readonly MinuteMetricRow[]): void {
    this.sqlite.transaction(() => {
      for (const row of rows) this.upsert.run(toTelemetryMinuteRow(row));
    })();
  }
}
