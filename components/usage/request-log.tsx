"use client";

import Link from "next/link";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Breakable } from "@/components/ui/breakable";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { inputClass, SelectField } from "@/components/ui/field";
import { Spinner } from "@/components/ui/spinner";
import { Table, Td, Th, WIDE_ONLY } from "@/components/ui/table";
import { formatCount, formatUsd } from "@/lib/usage/format";
import { type LogEntry, useLogEntry, useRequestLog } from "./hooks";
import { playgroundLinkFor } from "./playground-link";

export function RequestLog({ projectId }: { projectId: string }) {
  const [search, setSearch] = useState("");
  const [filters, setFilters] = useState<Record<string, string>>({});
  const [pages, setPages] = useState<string[]>([]);
  const [open, setOpen] = useState<string | null>(null);
  const params = { ...filters, ...(pages.length ? { before: pages[pages.length - 1] } : {}) };
  const log = useRequestLog(projectId, params);
  const setFilter = (key: string, value: string) => {
    setPages([]);
    setFilters(({ [key]: _, ...rest }) => (value ? { ...rest, [key]: value } : rest));
  };
  return (
    <div className="@container flex flex-col gap-4">
      <form
        className="flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          setFilter("q", search.trim());
        }}
      >
        <label className="flex min-w-64 flex-1 flex-col gap-1.5 text-sm font-medium">
          Search
          <input
            className={inputClass}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            placeholder="Request id, model or endpoint"
          />
        </label>
        <div className="w-36">
          <SelectField
            label="Status"
            value={filters.status ?? ""}
            onChange={(e) => setFilter("status", e.target.value)}
            options={[
              { value: "", label: "Any" },
              { value: "ok", label: "Succeeded" },
              { value: "error", label: "Failed" },
            ]}
          />
        </div>
        <div className="w-36">
          <SelectField
            label="Through"
            value={filters.source ?? ""}
            onChange={(e) => setFilter("source", e.target.value)}
            options={[
              { value: "", label: "Anything" },
              { value: "console", label: "Console" },
              { value: "gateway", label: "API keys" },
            ]}
          />
        </div>
        <Button type="submit" variant="secondary">
          Search
        </Button>
      </form>
      {log.isPending ? (
        <Spinner label="Loading the request log…" />
      ) : log.isError ? (
        <Alert>{log.error.message}</Alert>
      ) : log.data.mode === "off" ? (
        <EmptyState title="The request log is off for this project">
          A project admin can turn it on under Settings → Usage and logs.
        </EmptyState>
      ) : log.data.entries.length === 0 ? (
        <EmptyState title="No requests yet">
          {Object.keys(filters).length ? "None match these filters." : "Calls from the playground and API keys appear here."}
        </EmptyState>
      ) : (
        <>
          <Table label="Request log">
            <thead>
              <tr>
                <Th>Time</Th>
                <Th>Who</Th>
                <Th>Call</Th>
                <Th>Status</Th>
                <Th className={`text-right ${WIDE_ONLY}`}>Tokens</Th>
                <Th className="text-right">Cost</Th>
                <Th className={`text-right ${WIDE_ONLY}`}>Latency</Th>
              </tr>
            </thead>
            <tbody>
              {log.data.entries.map((entry) => (
                <tr key={entry.id}>
                  <Td className="whitespace-nowrap">
                    {/* The time opens the detail; the date sits under it, so the column stays narrow. */}
                    <button type="button" className="text-accent underline-offset-2 hover:underline" onClick={() => setOpen(entry.id)}>
                      <time dateTime={entry.startedAt}>{new Date(entry.startedAt).toLocaleTimeString()}</time>
                    </button>
                    <div className="text-xs text-fg-muted">{new Date(entry.startedAt).toLocaleDateString()}</div>
                  </Td>
                  <Td className="min-w-40">
                    <Who who={entry.who} />
                  </Td>
                  <Td className="font-mono text-xs">
                    {entry.method} <Breakable text={entry.endpoint} after="/" />
                    {/* Model ids break at their hyphens otherwise ("sandbox-" over "chat"). */}
                    {entry.model ? <div className="whitespace-nowrap text-fg-muted">{entry.model}</div> : null}
                  </Td>
                  <Td>
                    <StatusBadge entry={entry} />
                  </Td>
                  <Td className={`text-right tabular-nums ${WIDE_ONLY}`}>{formatCount(entry.inputTokens + entry.outputTokens)}</Td>
                  <Td className="text-right tabular-nums">
                    {entry.costNanoUsd === null ? <Badge tone="warning">unpriced</Badge> : formatUsd(entry.costNanoUsd)}
                  </Td>
                  <Td className={`text-right tabular-nums ${WIDE_ONLY}`}>{entry.latencyMs} ms</Td>
                </tr>
              ))}
            </tbody>
          </Table>
          <div className="flex gap-2">
            {pages.length ? (
              <Button variant="secondary" onClick={() => setPages((p) => p.slice(0, -1))}>
                Newer
              </Button>
            ) : null}
            {log.data.next ? (
              <Button variant="secondary" onClick={() => setPages((p) => [...p, log.data.next as string])}>
                Older
              </Button>
            ) : null}
          </div>
        </>
      )}
      <LogDetail projectId={projectId} eventId={open} onClose={() => setOpen(null)} />
    </div>
  );
}

// Tokens and latency only where the page has room (WIDE_ONLY); the detail of a call has them all.
/** A key reads "Name (…1a2B)": the last four stay together on one line. */
function Who({ who }: { who: string }) {
  const at = who.lastIndexOf(" (…");
  if (at === -1) return who;
  return (
    <>
      {who.slice(0, at)} <span className="whitespace-nowrap">{who.slice(at + 1)}</span>
    </>
  );
}

function StatusBadge({ entry }: { entry: LogEntry }) {
  const failed = entry.status >= 400 || ["network_error", "timeout", "upstream_error"].includes(entry.outcome);
  // The code in the badge; what happened, when not a plain completion, in words under it.
  return (
    <>
      <Badge tone={failed ? "danger" : entry.outcome === "completed" ? "success" : "warning"}>{entry.status || "—"}</Badge>
      {entry.outcome === "completed" ? null : (
        <div className="whitespace-nowrap text-xs text-fg-muted">{entry.outcome.replace("_", " ")}</div>
      )}
    </>
  );
}

function LogDetail({ projectId, eventId, onClose }: { projectId: string; eventId: string | null; onClose: () => void }) {
  const detail = useLogEntry(projectId, eventId);
  const entry = detail.data?.entry;
  const bodies = detail.data?.bodies;
  const link = entry && bodies?.requestBody ? playgroundLinkFor(projectId, entry.endpoint, bodies.requestBody) : null;
  return (
    <Dialog open={eventId !== null} onClose={onClose} title="Request">
      {detail.isPending ? (
        <Spinner label="Loading…" />
      ) : detail.isError ? (
        <Alert>{detail.error.message}</Alert>
      ) : entry ? (
        <div className="flex flex-col gap-3 text-sm">
          <dl className="grid grid-cols-[9rem_1fr] gap-x-3 gap-y-1">
            <dt className="text-fg-muted">When</dt>
            <dd>{new Date(entry.startedAt).toLocaleString()}</dd>
            <dt className="text-fg-muted">Who</dt>
            <dd>{entry.who}</dd>
            <dt className="text-fg-muted">Call</dt>
            <dd className="font-mono text-xs">
              {entry.method} {entry.endpoint} {entry.model ? `· ${entry.model}` : ""}
            </dd>
            <dt className="text-fg-muted">Status</dt>
            <dd>
              {entry.status} ({entry.outcome})
            </dd>
            <dt className="text-fg-muted">Tokens</dt>
            <dd>
              {formatCount(entry.inputTokens)} in ({formatCount(entry.cachedTokens)} cached), {formatCount(entry.outputTokens)} out (
              {formatCount(entry.reasoningTokens)} reasoning)
            </dd>
            <dt className="text-fg-muted">Cost</dt>
            <dd>{entry.costNanoUsd === null ? "unpriced" : formatUsd(entry.costNanoUsd)}</dd>
            <dt className="text-fg-muted">Latency</dt>
            <dd>
              {entry.latencyMs} ms{entry.ttftMs !== null ? `, first token ${entry.ttftMs} ms` : ""}
            </dd>
            <dt className="text-fg-muted">Request id</dt>
            <dd className="font-mono text-xs">{entry.upstreamRequestId ?? "—"}</dd>
          </dl>
          {bodies ? (
            <>
              <Body title="Request body" text={bodies.requestBody} />
              <Body title="Response body" text={bodies.responseBody} />
              {bodies.truncated ? <p className="text-xs text-fg-muted">Long bodies are kept up to 256 KB.</p> : null}
            </>
          ) : (
            <p className="text-fg-muted">
              No bodies were kept for this request (the project's request log keeps metadata only, or they passed their retention).
            </p>
          )}
          {link ? (
            <Link href={link} className="self-start text-accent underline-offset-2 hover:underline">
              Open in playground
            </Link>
          ) : null}
        </div>
      ) : null}
    </Dialog>
  );
}

function Body({ title, text }: { title: string; text: string | null }) {
  let shown = text ?? "";
  try {
    shown = JSON.stringify(JSON.parse(shown), null, 2);
  } catch {
    // Streams and plain text are shown as they came.
  }
  return (
    <div>
      <h3 className="mb-1 font-medium">{title}</h3>
      <pre className="max-h-64 overflow-auto rounded-md bg-surface-2 p-3 font-mono text-xs whitespace-pre-wrap">{shown || "—"}</pre>
    </div>
  );
}
