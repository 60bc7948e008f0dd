/**
 * One shared timer for every tunnel with an idle timeout or a maximum duration, instead of a
 * timer per connection. Activity costs the relay nothing: the sweep compares each tunnel's
 * byte totals (which the relay keeps anyway) with what it saw last time, and a change counts
 * as activity at the sweep's time. That time is never earlier than the bytes really moved, so
 * an idle timeout never fires early; it fires at most one sweep period late.
 */
import { CLOSE_GOING_AWAY } from "./close-codes";

/** What the sweep reads and calls on a tunnel. */
export interface SweptTunnel {
  readonly startedAt: number;
  bytesInbound: number;
  bytesOutbound: number;
  close(code: number, reason: string): void;
}

export const IDLE_TIMEOUT_REASON = "idle timeout";
export const MAX_DURATION_REASON = "maximum connection duration reached";

/** The sweep period for long limits; shorter limits get a quarter of their length, down to MIN_PERIOD_MS. */
const MAX_PERIOD_MS = 1000;
const MIN_PERIOD_MS = 10;

/** A tunnel's time limits and what the sweep last saw of it. */
export class TunnelWatch {
  /** Byte total at the last sweep, and when it last changed. */
  lastBytes: number;
  lastActivityAt: number;

  constructor(
    readonly tunnel: SweptTunnel,
    /** 0 = none. */
    readonly idleTimeoutMs: number,
    /** 0 = none. */
    readonly maxDurationMs: number,
  ) {
    this.lastBytes = tunnel.bytesInbound + tunnel.bytesOutbound;
    this.lastActivityAt = tunnel.startedAt;
  }

  /** The sweep period this watch needs: a quarter of its shortest limit, within the bounds. */
  get periodMs(): number {
    const shortest = Math.min(this.idleTimeoutMs || Infinity, this.maxDurationMs || Infinity);
    return Math.max(MIN_PERIOD_MS, Math.min(MAX_PERIOD_MS, Math.floor(shortest / 4)));
  }
}

const watches = new Set<TunnelWatch>();
let timer: NodeJS.Timeout | null = null;
let periodMs = MAX_PERIOD_MS;

/** Starts sweeping `watch`'s tunnel (shortening the shared period if it needs a finer one). */
export function watchTunnel(watch: TunnelWatch): void {
  watches.add(watch);
  const wanted = watch.periodMs;
  if (timer !== null && wanted >= periodMs) return;
  if (timer !== null) clearInterval(timer);
  periodMs = timer === null ? wanted : Math.min(periodMs, wanted);
  timer = setInterval(sweep, periodMs);
  timer.unref();
}

/** Stops sweeping `watch`'s tunnel; the timer stops with the last one. */
export function unwatchTunnel(watch: TunnelWatch): void {
  if (!watches.delete(watch) || watches.size > 0 || timer === null) return;
  clearInterval(timer);
  timer = null;
  periodMs = MAX_PERIOD_MS;
}

/** How many tunnels are swept and at what period (for tests). */
export function sweepState(): { tunnels: number; periodMs: number | null } {
  return { tunnels: watches.size, periodMs: timer === null ? null : periodMs };
}

function sweep(): void {
  const now = Date.now();
  // Closing a tunnel unwatches it: deleting the current entry while iterating a Set is safe.
  for (const w of watches) {
    const t = w.tunnel;
    const bytes = t.bytesInbound + t.bytesOutbound;
    if (bytes !== w.lastBytes) {
      w.lastBytes = bytes;
      w.lastActivityAt = now;
    } else if (w.idleTimeoutMs !== 0 && now - w.lastActivityAt >= w.idleTimeoutMs) {
      t.close(CLOSE_GOING_AWAY, IDLE_TIMEOUT_REASON);
      continue;
    }
    if (w.maxDurationMs !== 0 && now - t.startedAt >= w.maxDurationMs) t.close(CLOSE_GOING_AWAY, MAX_DURATION_REASON);
  }
}
