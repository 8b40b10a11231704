"use client";

import { formatNanos, type Rates, turnCostNanos } from "@/lib/playground/cost";
import type { TurnResult } from "./run-turn";

const STATUS = { completed: "Completed", incomplete: "Incomplete", stopped: "Stopped" } as const;

export function costLabel(result: TurnResult, rates: Rates | undefined, pricesLoading: boolean): string {
  if (!result.usage) return "—";
  if (!rates) return pricesLoading ? "…" : "unpriced";
  return formatNanos(turnCostNanos(result.usage, rates));
}

/** Tokens, cost, timing and the upstream's request id of a turn. */
export function TurnStats({
  result,
  cost,
  label = "Last turn",
  compact = false,
}: {
  result: TurnResult;
  cost: string;
  label?: string;
  compact?: boolean;
}) {
  const usage = result.usage;
  const items: [string, string][] = [
    ["Status", STATUS[result.status]],
    ["Model", result.model ?? "—"],
    ["Tokens in", usage ? String(usage.input) : "—"],
    ["Cached", usage ? String(usage.cached) : "—"],
    ["Tokens out", usage ? String(usage.output) : "—"],
    ["Reasoning", usage ? String(usage.reasoning) : "—"],
    ["Cost", cost],
    ["Latency", `${result.latencyMs} ms`],
    ["First token", result.ttftMs === null ? "—" : `${result.ttftMs} ms`],
    ["Request id", result.requestId ?? "—"],
  ];
  return (
    <dl
      aria-label={label}
      className={`grid gap-x-4 gap-y-1 rounded-lg border border-border bg-surface-2 p-3 text-xs ${compact ? "grid-cols-2" : "grid-cols-3 sm:grid-cols-5"}`}
    >
      {items.map(([name, value]) => (
        <div key={name} className="min-w-0">
          <dt className="text-fg-muted">{name}</dt>
          <dd className="truncate font-mono" title={value}>
            {value}
          </dd>
        </div>
      ))}
    </dl>
  );
}
