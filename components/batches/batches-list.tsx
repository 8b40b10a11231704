"use client";

import Link from "next/link";
import type { Batch } from "openai/resources/batches";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DateTime } from "@/components/ui/date-time";
import { EmptyState } from "@/components/ui/empty-state";
import { Spinner } from "@/components/ui/spinner";
import { Table, Td, Th } from "@/components/ui/table";
import { useBatches } from "@/lib/client/batch-hooks";
import { describeApiError } from "@/lib/client/openai";
import { BatchProgressBar, BatchStatusBadge, statusLabel } from "./batch-status";

const STATUSES: Batch["status"][] = [
  "validating",
  "in_progress",
  "finalizing",
  "completed",
  "failed",
  "expired",
  "cancelling",
  "cancelled",
];

/** The project's batches with their progress, refreshed while any runs, filtered by status. */
export function BatchesList({ projectId, emptyAction }: { projectId: string; emptyAction?: React.ReactNode }) {
  const batches = useBatches(projectId);
  const [status, setStatus] = useState<string>("");
  const all = batches.data?.pages.flatMap((page) => page.data) ?? [];
  const shown = status ? all.filter((batch) => batch.status === status) : all;

  if (batches.isPending) return <Spinner label="Asking the upstream for its batches…" />;
  if (!batches.data) {
    return (
      <Alert>
        The upstream did not list its batches: {describeApiError(batches.error)}{" "}
        <button type="button" className="underline" onClick={() => batches.refetch()}>
          Try again
        </button>
      </Alert>
    );
  }
  if (all.length === 0) {
    return (
      <EmptyState title="No batches yet" action={emptyAction}>
        A batch runs many requests from one JSONL file in the background, at half the price.
      </EmptyState>
    );
  }
  return (
    <div className="flex flex-col gap-3">
      <div className="flex items-center gap-2 text-sm">
        <label htmlFor="batch-status-filter" className="text-fg-muted">
          Status
        </label>
        <select
          id="batch-status-filter"
          className="h-8 rounded-md border border-border bg-surface px-2 text-sm"
          value={status}
          onChange={(event) => setStatus(event.target.value)}
        >
          <option value="">All</option>
          {STATUSES.map((value) => (
            <option key={value} value={value}>
              {statusLabel(value)}
            </option>
          ))}
        </select>
        <span className="text-fg-muted">
          {shown.length} of {all.length}
        </span>
      </div>
      {shown.length === 0 ? (
        <p className="text-sm text-fg-muted">No batch has this status.</p>
      ) : (
        <Table label="Batches">
          <thead>
            <tr>
              <Th>Batch</Th>
              <Th>Status</Th>
              <Th>Progress</Th>
              <Th>Created</Th>
            </tr>
          </thead>
          <tbody>
            {shown.map((batch) => (
              <tr key={batch.id}>
                {/* The id may wrap (38 characters), and the endpoint sits under it: the list fits a 1024 px screen. */}
                <Td className="min-w-48 [overflow-wrap:anywhere]">
                  <Link href={`/${projectId}/batches/${batch.id}`} className="font-mono text-sm text-accent hover:underline">
                    {batch.id}
                  </Link>
                  <div className="font-mono text-xs text-fg-muted">{batch.endpoint}</div>
                  {batch.metadata && Object.keys(batch.metadata).length ? (
                    <div className="text-xs text-fg-muted">
                      {Object.entries(batch.metadata)
                        .map(([key, value]) => `${key}: ${value}`)
                        .join(", ")}
                    </div>
                  ) : null}
                </Td>
                <Td>
                  <BatchStatusBadge status={batch.status} />
                </Td>
                <Td>
                  <BatchProgressBar batch={batch} />
                </Td>
                <Td className="whitespace-nowrap text-fg-muted">
                  <DateTime at={new Date(batch.created_at * 1000)} />
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {batches.hasNextPage ? (
        <div>
          <Button variant="secondary" loading={batches.isFetchingNextPage} onClick={() => batches.fetchNextPage()}>
            Load more
          </Button>
        </div>
      ) : null}
    </div>
  );
}
