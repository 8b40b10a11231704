"use client";

import type { TurnResult } from "./run-turn";

const STATUS = { completed: "Completed", incomplete: "Incomplete", stopped: "Stopped" } as const;

/** Tokens, timing and the upstream's request id of the last turn. */
export function TurnStats({ result }: { result: TurnResult }) {
  const usage = result.usage;
  const items: [string, string][] = [
    ["Status", STATUS[result.status]],
    ["Model", result.model ?? "—"],
    ["Tokens in", usage ? String(usage.input) : "—"],
    ["Cached", usage ? String(usage.cached) : "—"],
    ["Tokens out", usage ? String(usage.output) : "—"],
    ["Reasoning", usage ? String(usage.reasoning) : "—"],
    ["Latency", `${result.latencyMs} ms`],
    ["First token", result.ttftMs === null ? "—" : `${result.ttftMs} ms`],
    ["Request id", result.requestId ?? "—"],
  ];
  return (
    <dl
      aria-label="Last turn"
      className="grid grid-cols-3 gap-x-4 gap-y-1 rounded-lg border border-border bg-surface-2 p-3 text-xs sm:grid-cols-5"
    >
      {items.map(([label, value]) => (
        <div key={label} className="min-w-0">
          <dt className="text-fg-muted">{label}</dt>
          <dd className="truncate font-mono" title={value}>
            {value}
          </dd>
        </div>
      ))}
    </dl>
  );
}
