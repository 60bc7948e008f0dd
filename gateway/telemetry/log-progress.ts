/**
 * Open connections' messages and bytes so far, in their log rows: the live connections page
 * shows them while the connection runs, not only once it closed. A timer (never the relay)
 * copies each open tunnel's counters into its row and pushes the row again; the sink writes
 * it as it writes a completion (the counters change, `closed_at` stays null). The per-frame
 * path is untouched: the tunnel keeps counting into its own fields as before.
 */
import type { RelayedConnection } from "../tunnel/relay-types";
import type { TelemetrySink } from "./telemetry-sink";

/**
 * Pushes the rows of open tunnels whose counters moved since the last push, at most `budget`
 * of them (the sink's queue has room for completions first); returns how many were pushed.
 */
export function pushLogProgress(tunnels: Iterable<RelayedConnection>, sink: Pick<TelemetrySink, "pushLog">, budget: number): number {
  let pushed = 0;
  for (const tunnel of tunnels) {
    if (pushed >= budget) break;
    const row = tunnel.logRow;
    if (row === null || row.closedAt !== null) continue;
    if (
      row.messagesInbound === tunnel.messagesInbound &&
      row.messagesOutbound === tunnel.messagesOutbound &&
      row.bytesInbound === tunnel.bytesInbound &&
      row.bytesOutbound === tunnel.bytesOutbound
    ) {
      continue;
    }
    row.messagesInbound = tunnel.messagesInbound;
    row.messagesOutbound = tunnel.messagesOutbound;
    row.bytesInbound = tunnel.bytesInbound;
    row.bytesOutbound = tunnel.bytesOutbound;
    sink.pushLog(row);
    pushed++;
  }
  return pushed;
}
