"use client";

import { useState } from "react";
import type { RequestBody } from "@/lib/playground/requests";
import type { TurnResult } from "./run-turn";

const SHOWN_EVENTS = 300;

// The exact body sent and what came back: every stream event, in order (the first few hundred
// rendered at once, the rest on request, so a 5,000-token answer does not freeze the tab).
export function RawView({ next, last }: { next: RequestBody; last: TurnResult | null }) {
  const [all, setAll] = useState(false);
  const events = last?.events ?? [];
  const shown = all ? events : events.slice(0, SHOWN_EVENTS);
  return (
    <div className="flex flex-col gap-4">
      <section aria-label="Request sent" className="flex flex-col gap-1">
        <h2 className="text-sm font-semibold">{last ? "Request of the last turn" : "Request the next turn sends"}</h2>
        <pre className="max-h-96 overflow-auto rounded-md bg-surface-2 p-3 font-mono text-xs">
          {JSON.stringify(last?.request ?? next, null, 2)}
        </pre>
      </section>
      <section aria-label="Response received" className="flex flex-col gap-1">
        <h2 className="text-sm font-semibold">
          {last
            ? `Stream events received (${events.length})${last.requestId ? ` · request id ${last.requestId}` : ""}`
            : "Nothing received yet"}
        </h2>
        {last ? (
          <pre className="max-h-[32rem] overflow-auto rounded-md bg-surface-2 p-3 font-mono text-xs">
            {shown.map((event) => JSON.stringify(event)).join("\n")}
          </pre>
        ) : null}
        {events.length > shown.length ? (
          <button type="button" className="self-start text-xs text-accent underline" onClick={() => setAll(true)}>
            Show all {events.length} events
          </button>
        ) : null}
      </section>
    </div>
  );
}
