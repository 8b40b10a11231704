"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import type { Batch, BatchCreateParams } from "openai/resources/batches";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { PageHeader } from "@/components/ui/page-header";
import { Spinner } from "@/components/ui/spinner";
import { linesToJsonl } from "@/lib/batches/draft";
import { failedInputLines } from "@/lib/batches/results";
import { createBatch, isRunning, useBatch, useBatchResults } from "@/lib/client/batch-hooks";
import { describeApiError, projectOpenAI } from "@/lib/client/openai";
import { queryKeys } from "@/lib/client/query-keys";
import { BatchProgressBar, BatchStatusBadge } from "./batch-status";
import { downloadText } from "./draft-panel";
import { ResultsViewer } from "./results-viewer";

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });
const STEPS: [keyof Batch, string][] = [
  ["created_at", "Created"],
  ["in_progress_at", "In progress"],
  ["finalizing_at", "Finalizing"],
  ["completed_at", "Completed"],
  ["failed_at", "Failed"],
  ["cancelling_at", "Cancelling"],
  ["cancelled_at", "Cancelled"],
  ["expired_at", "Expired"],
];

export function BatchDetail({ projectId, batchId, canWrite }: { projectId: string; batchId: string; canWrite: boolean }) {
  const batch = useBatch(projectId, batchId);
  const results = useBatchResults(projectId, batch.data);
  const queryClient = useQueryClient();
  const router = useRouter();
  const [confirmCancel, setConfirmCancel] = useState(false);
  const cancel = useMutation({
    mutationFn: () => projectOpenAI(projectId).batches.cancel(batchId),
    onSuccess: async (updated) => {
      queryClient.setQueryData(queryKeys.upstream.batch(projectId, batchId), updated);
      await queryClient.invalidateQueries({ queryKey: queryKeys.upstream.batches(projectId) });
      setConfirmCancel(false);
    },
  });
  const retry = useMutation({
    mutationFn: async () => {
      const lines = failedInputLines(results.data ?? []);
      const file = new Blob([linesToJsonl(lines)], { type: "application/jsonl" });
      return createBatch(projectId, {
        source: { file, filename: `${batchId}_retry.jsonl` },
        endpoint: (batch.data?.endpoint ?? "/v1/chat/completions") as BatchCreateParams["endpoint"],
        metadata: { retry_of: batchId },
      });
    },
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.upstream.batches(projectId) });
      router.push(`/${projectId}/batches/${created.id}`);
    },
  });
  const download = useMutation({
    mutationFn: async ({ fileId, filename }: { fileId: string; filename: string }) =>
      downloadText(await (await projectOpenAI(projectId).files.content(fileId)).text(), filename),
  });

  if (batch.isPending) return <Spinner label="Loading the batch…" />;
  if (!batch.data) {
    return (
      <Alert>
        The batch could not be loaded: {describeApiError(batch.error)} <Link href={`/${projectId}/batches`}>Back to batches</Link>
      </Alert>
    );
  }
  const b = batch.data;
  const failedCount = (results.data ?? []).filter((row) => row.status === "failed").length;
  const cancellable = canWrite && (b.status === "validating" || b.status === "in_progress");
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={`Batch ${b.id}`}
        description={
          <span className="flex items-center gap-2">
            <BatchStatusBadge status={b.status} /> {b.endpoint}
            {b.model ? ` · ${b.model}` : ""}
          </span>
        }
        actions={
          <div className="flex gap-2">
            {cancellable ? (
              <Button
                variant="secondary"
                onClick={() => {
                  cancel.reset();
                  setConfirmCancel(true);
                }}
              >
                Cancel batch
              </Button>
            ) : null}
            {canWrite && failedCount > 0 ? (
              <Button onClick={() => retry.mutate()} loading={retry.isPending}>
                Retry {failedCount} failed {failedCount === 1 ? "line" : "lines"}
              </Button>
            ) : null}
          </div>
        }
      />
      {retry.isError ? <Alert>The retry batch was not created: {describeApiError(retry.error)}</Alert> : null}
      <div className="grid gap-4 md:grid-cols-2">
        <Card title="Progress">
          <div className="flex flex-col gap-3 text-sm">
            <BatchProgressBar batch={b} />
            {isRunning(b) ? <p className="text-fg-muted">Refreshing every 2 seconds while it runs.</p> : null}
            {b.usage ? (
              <p className="text-fg-muted">
                {b.usage.input_tokens} input and {b.usage.output_tokens} output tokens, billed at the batch rate.
              </p>
            ) : null}
            <div className="flex flex-wrap gap-2">
              {b.output_file_id ? (
                <Button
                  variant="secondary"
                  size="sm"
                  onClick={() => download.mutate({ fileId: b.output_file_id as string, filename: `${b.id}_output.jsonl` })}
                >
                  Download output
                </Button>
              ) : null}
              {b.error_file_id ? (
                <Button
                  variant="secondary"
                  size="sm"
                  onClick={() => download.mutate({ fileId: b.error_file_id as string, filename: `${b.id}_errors.jsonl` })}
                >
                  Download errors
                </Button>
              ) : null}
              <Link className="text-sm text-accent underline self-center" href={`/${projectId}/files/${b.input_file_id}`}>
                Input file
              </Link>
            </div>
            {download.isError ? <Alert>The file could not be downloaded: {describeApiError(download.error)}</Alert> : null}
          </div>
        </Card>
        <Card title="Timeline">
          <ol aria-label="Timeline" className="flex flex-col gap-1 text-sm">
            {STEPS.filter(([key]) => typeof b[key] === "number").map(([key, label]) => (
              <li key={key} className="flex justify-between gap-4">
                <span>{label}</span>
                <span className="text-fg-muted">{timeFormat.format(new Date((b[key] as number) * 1000))}</span>
              </li>
            ))}
            {b.expires_at && isRunning(b) ? (
              <li className="flex justify-between gap-4 text-fg-muted">
                <span>Expires</span>
                <span>{timeFormat.format(new Date(b.expires_at * 1000))}</span>
              </li>
            ) : null}
          </ol>
        </Card>
      </div>
      {b.errors?.data?.length ? (
        <Card title="Why the batch failed" description="The input file was refused; nothing ran.">
          <ul aria-label="File errors" className="flex flex-col gap-1 font-mono text-xs">
            {b.errors.data.map((error, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: errors have no id
              <li key={index}>
                {error.line ? `Line ${error.line}: ` : ""}
                {error.message}
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
      {b.status !== "failed" ? (
        <Card title="Results">
          {isRunning(b) ? (
            <p className="text-sm text-fg-muted">Results appear here once the batch has finished.</p>
          ) : results.isPending ? (
            <Spinner label="Reading the input, output and error files…" />
          ) : results.isError ? (
            <Alert>The results could not be read: {describeApiError(results.error)}</Alert>
          ) : (
            <ResultsViewer rows={results.data} />
          )}
        </Card>
      ) : null}
      <ConfirmDialog
        open={confirmCancel}
        title="Cancel batch"
        confirmLabel="Cancel batch"
        cancelLabel="Keep running"
        pending={cancel.isPending}
        error={cancel.isError ? `The batch was not cancelled: ${describeApiError(cancel.error)}` : null}
        onConfirm={() => cancel.mutate()}
        onClose={() => setConfirmCancel(false)}
      >
        Stop this batch? Requests already answered stay in its output; the rest are not run.
      </ConfirmDialog>
    </div>
  );
}
