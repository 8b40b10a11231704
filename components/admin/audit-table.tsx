"use client";

import { type FormEvent, useId, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Breakable } from "@/components/ui/breakable";
import { Button, buttonClass } from "@/components/ui/button";
import { DateTime } from "@/components/ui/date-time";
import { EmptyState } from "@/components/ui/empty-state";
import { TextField } from "@/components/ui/field";
import { Spinner } from "@/components/ui/spinner";
import { Table, Td, Th } from "@/components/ui/table";
import { type AuditFilters, auditUrl, useAuditLog } from "./hooks";

function summarize(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value !== "object") return String(value);
  return Object.entries(value as Record<string, unknown>)
    .map(([key, v]) => `${key}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`)
    .join(", ");
}

// Date inputs hold a local day; the log is filtered from the start of `from` to the end of `to`.
function dayBound(day: FormDataEntryValue | null, end: boolean): string | undefined {
  if (!day) return undefined;
  const date = new Date(`${day}T${end ? "23:59:59.999" : "00:00:00"}`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export function AuditTable({ projectId }: { projectId?: string }) {
  const [filters, setFilters] = useState<AuditFilters>({});
  const audit = useAuditLog(projectId, filters);
  const actionsListId = useId();
  const actions = audit.data?.pages[0]?.actions ?? [];
  const entries = audit.data?.pages.flatMap((page) => page.entries) ?? [];
  const filtered = Object.values(filters).some(Boolean);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "").trim() || undefined;
    setFilters({
      actor: text("actor"),
      action: text("action"),
      target: text("target"),
      from: dayBound(form.get("from"), false),
      to: dayBound(form.get("to"), true),
    });
  }

  return (
    // A container query, not the viewport's: the log is as wide as the page on /admin/audit and
    // beside the settings menu in a project.
    <div className="@container flex flex-col gap-4">
      <form
        onSubmit={onSubmit}
        onReset={() => setFilters({})}
        aria-label="Filter the audit log"
        className="grid items-end gap-3 rounded-lg border border-border bg-surface p-4 @lg:grid-cols-2 @2xl:grid-cols-3 @4xl:grid-cols-[1fr_1fr_1fr_10rem_10rem_auto]"
      >
        <TextField label="Actor" name="actor" placeholder="Name or email" />
        <TextField label="Action" name="action" placeholder="e.g. user. or project.create" list={actionsListId} />
        <datalist id={actionsListId}>
          {actions.map((action) => (
            <option key={action} value={action} />
          ))}
        </datalist>
        <TextField label="Target" name="target" placeholder="Email, project, key or id" />
        <TextField label="From" name="from" type="date" />
        <TextField label="To" name="to" type="date" />
        <div className="flex gap-2">
          <Button type="submit">Filter</Button>
          <Button type="reset" variant="ghost">
            Clear
          </Button>
        </div>
      </form>
      <div className="flex items-center justify-between gap-4">
        <p className="text-sm text-fg-muted" aria-live="polite">
          {audit.isSuccess
            ? `${entries.length}${audit.hasNextPage ? "+" : ""} ${entries.length === 1 ? "entry" : "entries"}${filtered ? " match" : ""}`
            : ""}
        </p>
        <a href={auditUrl(projectId, filters, { format: "csv" })} className={buttonClass("secondary", "sm")} download>
          Export CSV
        </a>
      </div>
      {audit.isPending ? (
        <Spinner label="Loading the audit log…" />
      ) : audit.isError ? (
        <Alert>{audit.error.message}</Alert>
      ) : entries.length === 0 ? (
        <EmptyState title={filtered ? "No entries match these filters" : "Nothing recorded yet"} />
      ) : (
        <>
          <Table label="Audit log">
            <thead>
              <tr>
                <Th>When</Th>
                <Th>Who</Th>
                <Th>Action</Th>
                <Th>Target</Th>
                <Th>Change</Th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <Td className="whitespace-nowrap text-fg-muted">
                    <DateTime at={new Date(entry.createdAt)} />
                    {entry.ip ? (
                      <div className="text-xs" title={entry.userAgent ?? undefined}>
                        from {entry.ip}
                      </div>
                    ) : null}
                  </Td>
                  <Td>
                    {entry.actor ? <span title={entry.actor.email}>{entry.actor.name}</span> : <span className="text-fg-muted">—</span>}
                  </Td>
                  <Td className="font-mono text-xs">
                    <Breakable text={entry.action} after="." />
                  </Td>
                  <Td className="text-xs [overflow-wrap:anywhere]">
                    <span className="text-fg-muted">{entry.targetType}</span>{" "}
                    {entry.target ?? (entry.targetId ? <span className="font-mono">{entry.targetId}</span> : null)}
                  </Td>
                  <Td className="min-w-40 max-w-md text-xs text-fg-muted [overflow-wrap:anywhere]">
                    {entry.before ? <p>before: {summarize(entry.before)}</p> : null}
                    {entry.after ? <p>after: {summarize(entry.after)}</p> : null}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
          {audit.hasNextPage ? (
            <div className="flex justify-center">
              <Button variant="secondary" loading={audit.isFetchingNextPage} onClick={() => audit.fetchNextPage()}>
                Load more
              </Button>
            </div>
          ) : null}
        </>
      )}
    </div>
  );
}
