"use client";

import { Fragment, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { Table, Td, Th } from "@/components/ui/table";
import { matchesSearch, type ResultRow, type ResultStatus } from "@/lib/batches/results";

const PAGE = 25;
const TONE: Record<ResultStatus, "success" | "danger" | "neutral"> = { succeeded: "success", failed: "danger", "not run": "neutral" };

/** Every input line with its answer, joined by custom_id: searchable, paginated, each row expandable. */
export function ResultsViewer({ rows }: { rows: ResultRow[] }) {
  const [query, setQuery] = useState("");
  const [status, setStatus] = useState<"" | ResultStatus>("");
  const [page, setPage] = useState(0);
  const [open, setOpen] = useState<string | null>(null);
  const matching = rows.filter((row) => (!status || row.status === status) && matchesSearch(row, query));
  const pages = Math.max(1, Math.ceil(matching.length / PAGE));
  const current = Math.min(page, pages - 1);
  const shown = matching.slice(current * PAGE, current * PAGE + PAGE);
  return (
    <section aria-label="Results" className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-2">
        <input
          type="search"
          className={`${inputClass} max-w-xs`}
          placeholder="Search custom_id, request or response"
          aria-label="Search results"
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            setPage(0);
          }}
        />
        <select
          aria-label="Result status"
          className="h-9 rounded-md border border-border bg-surface px-2 text-sm"
          value={status}
          onChange={(event) => {
            setStatus(event.target.value as "" | ResultStatus);
            setPage(0);
          }}
        >
          <option value="">All results</option>
          <option value="succeeded">Succeeded</option>
          <option value="failed">Failed</option>
          <option value="not run">Not run</option>
        </select>
        <span className="text-sm text-fg-muted" data-testid="results-count">
          {matching.length} of {rows.length} requests
        </span>
      </div>
      <Table label="Results">
        <thead>
          <tr>
            <Th>Line</Th>
            <Th>custom_id</Th>
            <Th>Result</Th>
            <Th>Detail</Th>
          </tr>
        </thead>
        <tbody>
          {shown.map((row) => (
            <Fragment key={row.customId}>
              <tr>
                <Td className="text-fg-muted">{row.line}</Td>
                <Td>
                  <button
                    type="button"
                    className="font-mono text-sm text-accent hover:underline"
                    aria-expanded={open === row.customId}
                    onClick={() => setOpen(open === row.customId ? null : row.customId)}
                  >
                    {row.customId}
                  </button>
                </Td>
                <Td>
                  <Badge tone={TONE[row.status]}>{row.statusCode ? `${row.status} (${row.statusCode})` : row.status}</Badge>
                </Td>
                <Td className="max-w-md truncate text-sm text-fg-muted">{row.reason ?? preview(row)}</Td>
              </tr>
              {open === row.customId ? (
                <tr>
                  <Td colSpan={4}>
                    <div className="grid gap-3 md:grid-cols-2">
                      <div>
                        <h4 className="mb-1 text-xs font-medium text-fg-muted">Request</h4>
                        <pre className="max-h-96 overflow-auto rounded-md bg-surface-2 p-3 text-xs">
                          {JSON.stringify(row.request, null, 2)}
                        </pre>
                      </div>
                      <div>
                        <h4 className="mb-1 text-xs font-medium text-fg-muted">Response</h4>
                        <pre className="max-h-96 overflow-auto rounded-md bg-surface-2 p-3 text-xs">
                          {row.response === null ? "No answer: this request was not run." : JSON.stringify(row.response, null, 2)}
                        </pre>
                      </div>
                    </div>
                  </Td>
                </tr>
              ) : null}
            </Fragment>
          ))}
        </tbody>
      </Table>
      <div className="flex items-center gap-2 text-sm">
        <Button variant="secondary" size="sm" disabled={current === 0} onClick={() => setPage(current - 1)}>
          Previous
        </Button>
        <span>
          Page {current + 1} of {pages}
        </span>
        <Button variant="secondary" size="sm" disabled={current >= pages - 1} onClick={() => setPage(current + 1)}>
          Next
        </Button>
      </div>
    </section>
  );
}

/** A glance at a successful answer: its text, where it has one. */
function preview(row: ResultRow): string {
  const body = row.response as {
    choices?: { message?: { content?: string } }[];
    output_text?: string;
    output?: { content?: { text?: string }[] }[];
  } | null;
  const text = body?.choices?.[0]?.message?.content ?? body?.output?.find((item) => item.content)?.content?.[0]?.text;
  return text ?? "";
}
