"use client";

import { Alert } from "@/components/ui/alert";
import { EmptyState } from "@/components/ui/empty-state";
import { Spinner } from "@/components/ui/spinner";
import { Table, Td, Th } from "@/components/ui/table";
import { useAuditLog } from "./hooks";

function summarize(value: unknown): string {
  if (value === null || value === undefined) return "";
  return Object.entries(value as Record<string, unknown>)
    .map(([key, v]) => `${key}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`)
    .join(", ");
}

export function AuditTable({ projectId }: { projectId?: string }) {
  const audit = useAuditLog(projectId);
  if (audit.isPending) return <Spinner label="Loading the audit log…" />;
  if (audit.isError) return <Alert>{audit.error.message}</Alert>;
  if (audit.data.length === 0) return <EmptyState title="Nothing recorded yet" />;
  return (
    <Table label="Audit log">
      <thead>
        <tr>
          <Th>When</Th>
          <Th>Who</Th>
          <Th>Action</Th>
          <Th>Change</Th>
        </tr>
      </thead>
      <tbody>
        {audit.data.map((entry) => (
          <tr key={entry.id}>
            <Td className="whitespace-nowrap text-fg-muted">
              <time dateTime={entry.createdAt}>{new Date(entry.createdAt).toLocaleString()}</time>
            </Td>
            <Td>{entry.actor?.name ?? "—"}</Td>
            <Td className="font-mono text-xs">{entry.action}</Td>
            <Td className="max-w-md text-xs text-fg-muted">
              {entry.before ? <p>before: {summarize(entry.before)}</p> : null}
              {entry.after ? <p>after: {summarize(entry.after)}</p> : null}
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
