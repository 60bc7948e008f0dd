"use client";

import { formatRelative } from "./relative-time";

/**
 * Times in tables and detail panels, in the viewer's own time zone (the browser's), which the
 * pages name: tables show the date and the time to the second (the relative age on hover), a
 * detail panel the millisecond.
 */
const tableFormat = new Intl.DateTimeFormat("en", { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });
const preciseFormat = new Intl.DateTimeFormat("en", {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  fractionalSecondDigits: 3,
  hourCycle: "h23",
  timeZoneName: "short",
});

/** "Dec 2, 09:35:18": a table cell's time, to the second. */
export function formatTableTime(iso: string): string {
  return tableFormat.format(new Date(iso));
}

/** "Dec 2, 2026, 09:35:18.123 UTC": a detail panel's time, to the millisecond, with the zone. */
export function formatPreciseTime(iso: string): string {
  return preciseFormat.format(new Date(iso));
}

/** The viewer's time zone, as the browser names it ("Europe/Berlin"). */
export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** A table cell's time: absolute to the second, "3 minutes ago" and the millisecond on hover. */
export function Timestamp({ iso, fallback = "—" }: { iso: string | null | undefined; fallback?: string }) {
  if (!iso) return <span className="text-slate-400">{fallback}</span>;
  return (
    // Rendered on the server in its zone, then in the browser's: the text may differ once.
    <time dateTime={iso} title={`${formatRelative(iso)} · ${formatPreciseTime(iso)}`} className="tabular-nums" suppressHydrationWarning>
      {formatTableTime(iso)}
    </time>
  );
}

/** "Times in Europe/Berlin": the zone a table's times are in. */
export function TimeZoneNote({ className }: { className?: string }) {
  return (
    <span className={className} suppressHydrationWarning data-testid="time-zone-note">
      Times in {viewerTimeZone()}
    </span>
  );
}
