"use client";

import type { ReactNode } from "react";
import { AttemptsChart, CHART_COLORS, ChartCard, LinesChart } from "./charts";
import { formatBytes, formatLatency, latencyTickFormatter } from "./format";
import type { ChartPoint } from "./series";

/** The dashboard's charts of one window: attempts by result, open connections, messages, bytes, handshake latency; `children` fill the last cell. */
export function DashboardCharts({ points, per, children }: { points: readonly ChartPoint[]; per: string; children?: ReactNode }) {
  const maxLatency = points.reduce((max, p) => Math.max(max, p.p50 ?? 0, p.p95 ?? 0), 0);
  return (
    <div className="grid gap-6 xl:grid-cols-2">
      <ChartCard title="Connection attempts by result" description={`Per ${per}: accepted (101), refused (4xx), failed (5xx)`} testId="chart-attempts">
        <AttemptsChart points={points} />
      </ChartCard>
      <ChartCard title="Open connections" description={`Peak and at the end of each ${per}`} testId="chart-active">
        <LinesChart
          points={points}
          series={[
            { key: "peak", label: "Peak", color: CHART_COLORS.muted },
            { key: "active", label: "Open", color: CHART_COLORS.primary },
          ]}
          area
        />
      </ChartCard>
      <ChartCard title="Messages" description={`Per ${per}; in is client → backend`} testId="chart-messages">
        <LinesChart
          points={points}
          series={[
            { key: "messagesIn", label: "In", color: CHART_COLORS.primary },
            { key: "messagesOut", label: "Out", color: CHART_COLORS.secondary },
          ]}
        />
      </ChartCard>
      <ChartCard title="Bytes" description={`Per ${per}, as on the wire after the handshake`} testId="chart-bytes">
        <LinesChart
          points={points}
          format={formatBytes}
          series={[
            { key: "bytesIn", label: "In", color: CHART_COLORS.primary },
            { key: "bytesOut", label: "Out", color: CHART_COLORS.secondary },
          ]}
          area
        />
      </ChartCard>
      <ChartCard title="Handshake latency" description={`p50 and p95 per ${per}, from request to answer`} testId="chart-latency">
        <LinesChart
          points={points}
          format={formatLatency}
          axisFormat={latencyTickFormatter(maxLatency)}
          series={[
            { key: "p50", label: "p50", color: CHART_COLORS.primary },
            { key: "p95", label: "p95", color: CHART_COLORS.c4xx },
          ]}
        />
      </ChartCard>
      {children}
    </div>
  );
}
