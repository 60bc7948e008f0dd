/**
 * One shared timer for every tunnel with an idle timeout or a maximum duration, instead of a
 * timer per connection. Activity costs the relay nothing: the sweep compares each tunnel's
 * byte totals (which the relay keeps anyway) with what it saw last time, and a change counts
 * as activity at the sweep's time. That time is never earlier than the bytes really moved, so
 * an idle timeout never fires early; it fires at most one sweep period late.
 */
import type { Clock, Repeating } from "../clock";
import { CLOSE_GOING_AWAY } from "./close-codes";

/** What the sweep reads and calls on a tunnel. */
export interface SweptTunnel {
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
  lastActivityAt = 0;
  /** When the sweep started watching (the tunnel's start), on the sweep's clock. */
  watchedSince = 0;

  constructor(
    readonly tunnel: SweptTunnel,
    /** 0 = none. */
    readonly idleTimeoutMs: number,
    /** 0 = none. */
    readonly maxDurationMs: number,
  ) {
    this.lastBytes = tunnel.bytesInbound + tunnel.bytesOutbound;
  }

  /** The sweep period this watch needs: a quarter of its shortest limit, within the bounds. */
  get periodMs(): number {
    const shortest = Math.min(this.idleTimeoutMs || Infinity, this.maxDurationMs || Infinity);
    return Math.max(MIN_PERIOD_MS, Math.min(MAX_PERIOD_MS, Math.floor(shortest / 4)));
  }
}

/** The sweep one gateway runs over its timed tunnels, on the clock the gateway hands it. */
export class TunnelSweep {
  private readonly watches = new Set<TunnelWatch>();
  private timer: Repeating | null = null;
  private periodMs = MAX_PERIOD_MS;

  constructor(private readonly clock: Clock) {}

  /** Starts sweeping `watch`'s tunnel from now (shortening the shared period if it needs a finer one). */
  watch(watch: TunnelWatch): void {
    watch.watchedSince = watch.lastActivityAt = this.clock.now();
    this.watches.add(watch);
    const wanted = watch.periodMs;
    if (this.timer !== null && wanted >= this.periodMs) return;
    this.timer?.cancel();
    this.periodMs = this.timer === null ? wanted : Math.min(this.periodMs, wanted);
    this.timer = this.clock.every(this.periodMs, () => this.sweep());
  }

  /** Stops sweeping `watch`'s tunnel; the timer stops with the last one. */
  unwatch(watch: TunnelWatch): void {
    if (!this.watches.delete(watch) || this.watches.size > 0 || this.timer === null) return;
    this.timer.cancel();
    this.timer = null;
    this.periodMs = MAX_PERIOD_MS;
  }

  /** How many tunnels are swept and at what period (for tests). */
  get state(): { tunnels: number; periodMs: number | null } {
    return { tunnels: this.watches.size, periodMs: this.timer === null ? null : this.periodMs };
  }

  private sweep(): void {
    const now = this.clock.now();
    // Closing a tunnel unwatches it: deleting the current entry while iterating a Set is safe.
    for (const w of this.watches) {
      const t = w.tunnel;
      const bytes = t.bytesInbound + t.bytesOutbound;
      if (bytes !== w.lastBytes) {
        w.lastBytes = bytes;
        w.lastActivityAt = now;
      } else if (w.idleTimeoutMs !== 0 && now - w.lastActivityAt >= w.idleTimeoutMs) {
        t.close(CLOSE_GOING_AWAY, IDLE_TIMEOUT_REASON);
        continue;
      }
      if (w.maxDurationMs !== 0 && now - w.watchedSince >= w.maxDurationMs) t.close(CLOSE_GOING_AWAY, MAX_DURATION_REASON);
    }
  }
}
