"use client";

import { Bar, BarChart, CartesianGrid, ComposedChart, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Card } from "@/components/ui/card";
import { chartSeries, PALETTE } from "@/lib/usage/chart-series";
import { formatMsTick, formatUsdTick } from "@/lib/usage/format";
import type { UsageReport } from "./hooks";

// The four charts of the usage page, all drawn from one report (the table below shows the same
// numbers). Groups beyond the eight largest are drawn together as "Other".

const axis = { stroke: "currentColor", fontSize: 11, tickLine: false } as const;
const tooltipStyle = { contentStyle: { background: "var(--surface)", border: "1px solid var(--border)", fontSize: 12 } };

export function UsageCharts({ report }: { report: UsageReport }) {
  const { costSeries, seriesOfGroup } = chartSeries(report);
  const byDay = new Map(
    report.days.map((day) => [
      day,
      { day: day.slice(5), requests: 0, errors: 0, input: 0, cached: 0, output: 0, reasoning: 0 } as Record<string, number | string>,
    ]),
  );
  for (const row of report.rows) {
    const point = byDay.get(row.day);
    if (!point) continue;
    const key = seriesOfGroup(row.group);
    point[key] = ((point[key] as number) ?? 0) + Number(row.costNanoUsd) / 1e9;
    point.requests = (point.requests as number) + row.requests;
    point.errors = (point.errors as number) + row.errors;
    point.input = (point.input as number) + row.inputTokens - row.cachedTokens;
    point.cached = (point.cached as number) + row.cachedTokens;
    point.output = (point.output as number) + row.outputTokens - row.reasoningTokens;
    point.reasoning = (point.reasoning as number) + row.reasoningTokens;
  }
  for (const point of byDay.values()) {
    point.errorRate = (point.requests as number) > 0 ? Math.round(((point.errors as number) / (point.requests as number)) * 1000) / 10 : 0;
  }
  for (const l of report.latency) {
    const point = byDay.get(l.day);
    if (point) Object.assign(point, { p50: l.p50, p95: l.p95 });
  }
  const data = [...byDay.values()];
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Card title="Cost per day" description={report.groupBy === "none" ? undefined : `Stacked by ${report.groupBy}`}>
        <Chart label="Cost per day">
          <BarChart data={data}>
            <CartesianGrid strokeOpacity={0.15} vertical={false} />
            <XAxis dataKey="day" {...axis} />
            <YAxis {...axis} tickFormatter={formatUsdTick} width={64} />
            <Tooltip {...tooltipStyle} formatter={(v) => `$${Number(v).toFixed(4)}`} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {costSeries.map((s) => (
              <Bar key={s.id} dataKey={s.id} name={s.label} stackId="cost" fill={s.color} isAnimationActive={false} />
            ))}
          </BarChart>
        </Chart>
      </Card>
      <Card title="Tokens per day">
        <Chart label="Tokens per day">
          <BarChart data={data}>
            <CartesianGrid strokeOpacity={0.15} vertical={false} />
            <XAxis dataKey="day" {...axis} />
            <YAxis {...axis} width={56} tickFormatter={compact} allowDecimals={false} />
            <Tooltip {...tooltipStyle} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar dataKey="input" name="Input" stackId="t" fill={PALETTE[1]} isAnimationActive={false} />
            <Bar dataKey="cached" name="Cached input" stackId="t" fill={PALETTE[5]} isAnimationActive={false} />
            <Bar dataKey="output" name="Output" stackId="t" fill={PALETTE[0]} isAnimationActive={false} />
            <Bar dataKey="reasoning" name="Reasoning" stackId="t" fill={PALETTE[3]} isAnimationActive={false} />
          </BarChart>
        </Chart>
      </Card>
      <Card title="Requests and error rate">
        <Chart label="Requests and error rate">
          <ComposedChart data={data}>
            <CartesianGrid strokeOpacity={0.15} vertical={false} />
            <XAxis dataKey="day" {...axis} />
            <YAxis yAxisId="n" {...axis} width={56} tickFormatter={compact} allowDecimals={false} />
            <YAxis yAxisId="r" orientation="right" {...axis} width={40} unit="%" />
            <Tooltip {...tooltipStyle} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar yAxisId="n" dataKey="requests" name="Requests" fill={PALETTE[1]} isAnimationActive={false} />
            <Line yAxisId="r" dataKey="errorRate" name="Error rate (%)" stroke={PALETTE[4]} dot={false} isAnimationActive={false} />
          </ComposedChart>
        </Chart>
      </Card>
      <Card title="Latency" description="p50 and p95, estimated from latency buckets">
        <Chart label="Latency p50 and p95">
          <LineChart data={data}>
            <CartesianGrid strokeOpacity={0.15} vertical={false} />
            <XAxis dataKey="day" {...axis} />
            <YAxis {...axis} width={56} tickFormatter={formatMsTick} />
            <Tooltip {...tooltipStyle} formatter={(v) => `${v} ms`} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Line dataKey="p50" name="p50" stroke={PALETTE[0]} dot={{ r: 2 }} connectNulls isAnimationActive={false} />
            <Line dataKey="p95" name="p95" stroke={PALETTE[2]} dot={{ r: 2 }} connectNulls isAnimationActive={false} />
          </LineChart>
        </Chart>
      </Card>
    </div>
  );
}

function Chart({ label, children }: { label: string; children: React.ReactElement }) {
  return (
    <div role="img" aria-label={label} className="h-56 text-fg-muted">
      <ResponsiveContainer width="100%" height="100%">
        {children}
      </ResponsiveContainer>
    </div>
  );
}

function compact(value: number): string {
  return Intl.NumberFormat("en", { notation: "compact" }).format(value);
}
