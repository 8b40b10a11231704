"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { MetricsPoint } from "@/lib/fine-tuning/display";

// Loss and accuracy per step, training and validation, drawn with the theme's colours (CSS
// variables, so light and dark both read). Each chart says in words where the run stands, for
// screen readers and for anyone who wants the number rather than the line.

const TRAIN = "var(--accent)";
const VALID = "var(--warning)";

function Chart({
  title,
  points,
  train,
  valid,
  format,
}: {
  title: string;
  points: MetricsPoint[];
  train: keyof MetricsPoint;
  valid: keyof MetricsPoint;
  format: (value: number) => string;
}) {
  const last = points.at(-1);
  const hasValid = points.some((p) => p[valid] !== undefined);
  const summary = last
    ? `Step ${last.step}: training ${format(last[train] ?? 0)}${hasValid && last[valid] !== undefined ? `, validation ${format(last[valid] as number)}` : ""}`
    : "No steps yet";
  return (
    <figure aria-label={`${title} per step`} className="flex min-w-0 flex-col gap-2">
      <figcaption className="flex items-baseline justify-between gap-2 text-sm">
        <span className="font-medium">{title}</span>
        <span className="text-xs text-fg-muted">{summary}</span>
      </figcaption>
      <div className="h-56 w-full" aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={points} margin={{ top: 8, right: 12, bottom: 4, left: 0 }}>
            <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
            <XAxis
              dataKey="step"
              type="number"
              domain={["dataMin", "dataMax"]}
              stroke="var(--fg-muted)"
              fontSize={11}
              allowDecimals={false}
            />
            <YAxis stroke="var(--fg-muted)" fontSize={11} width={56} tickFormatter={(v: number) => format(v)} domain={["auto", "auto"]} />
            <Tooltip
              contentStyle={{ background: "var(--surface)", border: "1px solid var(--border)", borderRadius: 6, fontSize: 12 }}
              labelFormatter={(step) => `Step ${step}`}
              formatter={(value) => (typeof value === "number" ? format(value) : String(value))}
            />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Line type="monotone" dataKey={train} name="Training" stroke={TRAIN} dot={false} strokeWidth={2} isAnimationActive={false} />
            {hasValid ? (
              <Line
                type="monotone"
                dataKey={valid}
                name="Validation"
                stroke={VALID}
                dot={false}
                strokeWidth={2}
                isAnimationActive={false}
              />
            ) : null}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

export function MetricsCharts({ points }: { points: MetricsPoint[] }) {
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <Chart title="Loss" points={points} train="train_loss" valid="valid_loss" format={(v) => v.toFixed(3)} />
      <Chart title="Accuracy" points={points} train="train_accuracy" valid="valid_accuracy" format={(v) => `${(v * 100).toFixed(1)}%`} />
    </div>
  );
}
