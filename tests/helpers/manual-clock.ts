import type { Clock, Repeating } from "@/gateway/clock";

interface Timer {
  ms: number;
  fn: () => void;
  next: number;
}

/** A Clock that moves only when a test advances it, firing due timers in time order. */
export class ManualClock implements Clock {
  private readonly timers = new Set<Timer>();

  constructor(private time = 1_000_000) {}

  now = (): number => this.time;

  every(ms: number, fn: () => void): Repeating {
    const timer: Timer = { ms, fn, next: this.time + ms };
    this.timers.add(timer);
    return { cancel: () => this.timers.delete(timer) };
  }

  /** Timers not cancelled. */
  get timerCount(): number {
    return this.timers.size;
  }

  /** Moves time on by `ms`, running each timer at each of its due times on the way. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      let due: Timer | null = null;
      for (const t of this.timers) if (t.next <= end && (due === null || t.next < due.next)) due = t;
      if (due === null) break;
      this.time = due.next;
      due.next += due.ms;
      due.fn();
    }
    this.time = end;
  }
}
