"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { describeApiError } from "@/lib/client/openai";
import { queryKeys } from "@/lib/client/query-keys";
import { useFileBatch } from "@/lib/client/vector-store-hooks";

/** A file batch's progress: its counts as a bar, followed until the batch is done. */
export function BatchProgress({
  projectId,
  vectorStoreId,
  batchId,
  onDismiss,
}: {
  projectId: string;
  vectorStoreId: string;
  batchId: string;
  onDismiss: () => void;
}) {
  const batch = useFileBatch(projectId, vectorStoreId, batchId);
  const queryClient = useQueryClient();
  const status = batch.data?.status;
  useEffect(() => {
    if (status && status !== "in_progress")
      queryClient.invalidateQueries({ queryKey: queryKeys.upstream.vectorStore(projectId, vectorStoreId) });
  }, [status, projectId, vectorStoreId, queryClient]);

  if (batch.isError) return <Alert>The file batch could not be followed: {describeApiError(batch.error)}</Alert>;
  if (!batch.data) return null;
  const counts = batch.data.file_counts;
  const done = counts.completed + counts.failed + counts.cancelled;
  const percent = counts.total ? Math.round((done / counts.total) * 100) : 100;
  return (
    <section aria-label="File batch" className="flex flex-col gap-2 rounded-lg border border-border bg-surface px-4 py-3 text-sm">
      <div className="flex items-center justify-between gap-2">
        <span className="font-medium">
          File batch {status === "in_progress" ? "in progress" : status}: {done} of {counts.total} files done
        </span>
        {status !== "in_progress" ? (
          <Button variant="ghost" size="sm" onClick={onDismiss}>
            Dismiss
          </Button>
        ) : null}
      </div>
      <div
        role="progressbar"
        aria-label="File batch progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        className="h-2 overflow-hidden rounded bg-surface-2"
      >
        <div className="h-full bg-accent transition-[width]" style={{ width: `${percent}%` }} />
      </div>
      <p className="text-xs text-fg-muted">
        {counts.completed} completed · {counts.in_progress} in progress · {counts.failed} failed · {counts.cancelled} cancelled
      </p>
    </section>
  );
}
