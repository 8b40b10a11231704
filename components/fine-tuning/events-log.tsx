"use client";

import type { FineTuningJobEvent } from "openai/resources/fine-tuning/jobs/jobs";
import { useState } from "react";

const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: "medium" });

const LEVEL_CLASS: Record<string, string> = { error: "text-danger", warn: "text-warning", info: "" };

/** The job's events as a live log, newest first; step metrics can be hidden to see the milestones. */
export function EventsLog({ events }: { events: readonly FineTuningJobEvent[] }) {
  const [showMetrics, setShowMetrics] = useState(true);
  const shown = events
    .filter((event) => showMetrics || event.type !== "metrics")
    .slice()
    .reverse();
  return (
    <div className="flex flex-col gap-2">
      <label className="flex items-center gap-2 self-end text-xs text-fg-muted">
        <input type="checkbox" checked={showMetrics} onChange={(event) => setShowMetrics(event.target.checked)} />
        Show step metrics
      </label>
      {shown.length === 0 ? (
        <p className="text-sm text-fg-muted">No events yet.</p>
      ) : (
        <ol
          role="log"
          aria-label="Events"
          aria-live="polite"
          className="max-h-80 overflow-y-auto rounded-md border border-border bg-surface-2 font-mono text-xs"
        >
          {shown.map((event) => (
            <li
              key={event.id}
              className={`flex gap-3 border-b border-border px-3 py-1.5 last:border-b-0 ${LEVEL_CLASS[event.level] ?? ""}`}
            >
              <time className="shrink-0 text-fg-muted" dateTime={new Date(event.created_at * 1000).toISOString()}>
                {timeFormat.format(new Date(event.created_at * 1000))}
              </time>
              {event.level !== "info" ? <span className="shrink-0 uppercase">{event.level}</span> : null}
              <span className="break-words">{event.message}</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
