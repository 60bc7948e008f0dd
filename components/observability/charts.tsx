"use client";

import type { ReactNode } from "react";
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Card } from "@/components/ui/card";
import type { ChartPoint } from "./series";

/** Colours of the charts' series (Tailwind's palette, as the rest of the portal): mid tones that read in both themes. */
export const CHART_COLORS = {
  ok: "#10b981",
  c4xx: "#f59e0b",
  c5xx: "#ef4444",
  other: "#94a3b8",
  primary: "#6366f1",
  secondary: "#0ea5e9",
  muted: "#a5b4fc",
} as const;

export interface SeriesSpec {
  key: keyof ChartPoint;
  label: string;
  color: string;
}

// Grid, axes and tooltip take the theme's colours (app/globals.css re-points them in dark mode).
const axisTick = { fontSize: 11, fill: "var(--color-slate-500)" };
const gridStroke = "var(--color-slate-200)";
const axisLine = { stroke: "var(--color-slate-300)" };
const tooltipStyle = { fontSize: 12, borderRadius: 8, backgroundColor: "var(--color-white)", borderColor: "var(--color-slate-200)", color: "var(--color-slate-900)" };

function timeFormatter(spanMs: number) {
  const fmt =
    spanMs > 36 * 60 * 60_000
      ? new Intl.DateTimeFormat("en", { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hour12: false })
      : new Intl.DateTimeFormat("en", { hour: "2-digit", minute: "2-digit", hour12: false });
  return (t: number) => fmt.format(new Date(t));
}

/** A chart in a card: a title, a line under it, and the chart (220 px high). */
export function ChartCard({ title, description, children, testId }: { title: string; description?: string; children: ReactNode; testId?: string }) {
  return (
    <Card title={title} description={description} bodyClassName="px-3 py-3">
      <div className="h-56" data-testid={testId}>
        {children}
      </div>
    </Card>
  );
}

function common(points: readonly ChartPoint[]) {
  const span = points.length > 1 ? points[points.length - 1]!.t - points[0]!.t : 0;
  const fmt = timeFormatter(span);
  return { fmt };
}

/** Connection attempts per interval, stacked by result: 101, 4xx, 5xx. */
export function AttemptsChart({ points }: { points: readonly ChartPoint[] }) {
  const { fmt } = common(points);
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={points as ChartPoint[]} margin={{ top: 8, right: 8, bottom: 0, left: -8 }} barCategoryGap={1}>
        <CartesianGrid stroke={gridStroke} vertical={false} />
        <XAxis dataKey="t" tickFormatter={fmt} tick={axisTick} minTickGap={40} tickLine={false} axisLine={axisLine} />
        <YAxis allowDecimals={false} tick={axisTick} tickLine={false} axisLine={false} width={48} />
        <Tooltip labelFormatter={(t) => fmt(Number(t))} cursor={{ fill: "var(--color-slate-100)" }} contentStyle={tooltipStyle} />
        <Legend iconType="circle" iconSize={8} wrapperStyle={{ fontSize: 12 }} />
        <Bar dataKey="ok" name="101 Switching Protocols" stackId="a" fill={CHART_COLORS.ok} isAnimationActive={false} />
        <Bar dataKey="c4xx" name="4xx refused" stackId="a" fill={CHART_COLORS.c4xx} isAnimationActive={false} />
        <Bar dataKey="c5xx" name="5xx failed" stackId="a" fill={CHART_COLORS.c5xx} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

/** Lines over time, one per series; `format` labels the values, `axisFormat` (default `format`) the value axis's ticks. */
export function LinesChart({
  points,
  series,
  format,
  axisFormat = format,
  area,
}: {
  points: readonly ChartPoint[];
  series: readonly SeriesSpec[];
  format?: (v: number) => string;
  axisFormat?: (v: number) => string;
  area?: boolean;
}) {
  const { fmt } = common(points);
  const valueFormatter = (v: unknown) => (typeof v === "number" && format ? format(v) : String(v ?? "—"));
  const inner = (
    <>
      <CartesianGrid stroke={gridStroke} vertical={false} />
      <XAxis dataKey="t" tickFormatter={fmt} tick={axisTick} minTickGap={40} tickLine={false} axisLine={axisLine} />
      <YAxis tick={axisTick} tickLine={false} axisLine={false} width={56} tickFormatter={(v: number) => (axisFormat ? axisFormat(v) : String(v))} allowDecimals={!!format} />
      <Tooltip labelFormatter={(t) => fmt(Number(t))} formatter={valueFormatter} contentStyle={tooltipStyle} />
      <Legend iconType="circle" iconSize={8} wrapperStyle={{ fontSize: 12 }} />
    </>
  );
  return (
    <ResponsiveContainer width="100%" height="100%">
      {area ? (
        <AreaChart data={points as ChartPoint[]} margin={{ top: 8, right: 8, bottom: 0, left: -8 }}>
          {inner}
          {series.map((s) => (
            <Area key={s.key} type="monotone" dataKey={s.key} name={s.label} stroke={s.color} fill={s.color} fillOpacity={0.15} strokeWidth={2} isAnimationActive={false} />
          ))}
        </AreaChart>
      ) : (
        <LineChart data={points as ChartPoint[]} margin={{ top: 8, right: 8, bottom: 0, left: -8 }}>
          {inner}
          {series.map((s) => (
            // Sparse series (latency exists only where there were handshakes) get dots, or a lone point would not show.
            <Line key={s.key} type="monotone" dataKey={s.key} name={s.label} stroke={s.color} strokeWidth={2} dot={sparse(points, s.key) ? { r: 3 } : false} connectNulls isAnimationActive={false} />
          ))}
        </LineChart>
      )}
    </ResponsiveContainer>
  );
}

function sparse(points: readonly ChartPoint[], key: keyof ChartPoint): boolean {
  let n = 0;
  for (const p of points) if (p[key] !== null) n++;
  return n < 24;
}
