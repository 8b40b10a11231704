"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { Batch } from "openai/resources/batches";
import { useEffect, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { inputClass, SelectField } from "@/components/ui/field";
import { BATCH_ENDPOINTS, type BatchEndpoint } from "@/lib/batches/check-lines";
import { createBatch, useBatchInputFiles } from "@/lib/client/batch-hooks";
import { describeApiError, projectOpenAI } from "@/lib/client/openai";
import { queryKeys } from "@/lib/client/query-keys";
import { formatBytes } from "@/lib/files/sizes";
import { CheckSummary } from "./check-summary";
import { MetadataEditor, type MetadataRow, metadataProblem, metadataRecord } from "./metadata-editor";
import { useFileCheck } from "./use-file-check";

type Source = { kind: "new"; file: Blob; filename: string } | { kind: "existing"; fileId: string };

/**
 * A new batch: a JSONL file chosen here (or handed in, from the draft) or one already uploaded,
 * checked line by line in the browser before it may be submitted.
 */
export function CreateBatchForm({
  projectId,
  initial,
  onCreated,
  onCancel,
}: {
  projectId: string;
  initial?: { file: Blob; filename: string };
  onCreated: (batch: Batch) => void;
  onCancel: () => void;
}) {
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<"new" | "existing">("new");
  const [source, setSource] = useState<Source | null>(initial ? { kind: "new", ...initial } : null);
  const [endpoint, setEndpoint] = useState<BatchEndpoint>("/v1/chat/completions");
  const [metadata, setMetadata] = useState<MetadataRow[]>([]);
  const { check, run, reset } = useFileCheck();
  const files = useBatchInputFiles(projectId, mode === "existing");

  useEffect(() => {
    if (initial) void run(initial.file);
  }, [initial, run]);

  // The file's own endpoint is the batch's, when its lines agree on one.
  useEffect(() => {
    if (check.state === "done" && check.report.endpoints.size === 1) setEndpoint([...check.report.endpoints.keys()][0] as BatchEndpoint);
  }, [check]);

  async function chooseExisting(fileId: string) {
    setSource(fileId ? { kind: "existing", fileId } : null);
    if (!fileId) return reset();
    try {
      const blob = await (await projectOpenAI(projectId).files.content(fileId)).blob();
      await run(blob);
    } catch (error) {
      reset();
      setSource(null);
      submit.reset();
      setLoadError(`The file could not be read: ${describeApiError(error)}`);
    }
  }
  const [loadError, setLoadError] = useState<string | null>(null);

  const submit = useMutation({
    mutationFn: async () => {
      if (!source) throw new Error("Choose a file first.");
      return createBatch(projectId, {
        source: source.kind === "new" ? { file: source.file, filename: source.filename } : { fileId: source.fileId },
        endpoint,
        metadata: metadataRecord(metadata),
      });
    },
    onSuccess: async (batch) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.upstream.batches(projectId) });
      onCreated(batch);
    },
  });

  const problem = metadataProblem(metadata);
  const clean = check.state === "done" && check.report.badCount === 0 && check.fileProblems.length === 0;
  return (
    <form
      aria-label="New batch"
      className="flex flex-col gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        if (clean && !problem) submit.mutate();
      }}
    >
      {initial ? (
        <p className="text-sm">
          From the batch draft: <span className="font-medium">{initial.filename}</span>
        </p>
      ) : (
        <fieldset className="flex flex-col gap-3">
          <legend className="mb-2 text-sm font-medium">Input file</legend>
          <div className="flex gap-4 text-sm">
            <label className="flex items-center gap-2">
              <input
                type="radio"
                name="source"
                checked={mode === "new"}
                onChange={() => {
                  setMode("new");
                  setSource(null);
                  reset();
                }}
              />
              A JSONL file from this computer
            </label>
            <label className="flex items-center gap-2">
              <input
                type="radio"
                name="source"
                checked={mode === "existing"}
                onChange={() => {
                  setMode("existing");
                  setSource(null);
                  reset();
                }}
              />
              A file already uploaded (purpose batch)
            </label>
          </div>
          {mode === "new" ? (
            <input
              type="file"
              accept=".jsonl,application/jsonl,application/x-ndjson,text/plain"
              aria-label="JSONL file"
              className="text-sm"
              onChange={(event) => {
                const file = event.target.files?.[0];
                setSource(file ? { kind: "new", file, filename: file.name } : null);
                if (file) void run(file);
                else reset();
              }}
            />
          ) : (
            <select
              aria-label="Uploaded file"
              className={inputClass}
              value={source?.kind === "existing" ? source.fileId : ""}
              onChange={(event) => void chooseExisting(event.target.value)}
            >
              <option value="">
                {files.isPending ? "Loading files…" : files.data?.length ? "Choose a file" : "No files of purpose batch"}
              </option>
              {files.data?.map((file) => (
                <option key={file.id} value={file.id}>
                  {file.filename} ({formatBytes(file.bytes)}, {file.id})
                </option>
              ))}
            </select>
          )}
          {files.isError ? <Alert>The files could not be listed: {describeApiError(files.error)}</Alert> : null}
          {loadError ? <Alert>{loadError}</Alert> : null}
        </fieldset>
      )}

      {check.state === "checking" ? (
        <div className="flex flex-col gap-1 text-sm" role="status">
          Checking lines… {Math.round((check.bytesRead / Math.max(1, check.size)) * 100)}%
          <progress className="w-full" max={check.size} value={check.bytesRead} aria-label="Checking the file" />
        </div>
      ) : null}
      {check.state === "error" ? <Alert>The file could not be checked: {check.message}</Alert> : null}
      {check.state === "done" ? <CheckSummary projectId={projectId} report={check.report} fileProblems={check.fileProblems} /> : null}

      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          label="Endpoint"
          value={endpoint}
          onChange={(event) => setEndpoint(event.target.value as BatchEndpoint)}
          options={BATCH_ENDPOINTS.map((value) => ({ value, label: value }))}
        />
        <SelectField label="Completion window" value="24h" onChange={() => {}} options={[{ value: "24h", label: "24 hours" }]} />
      </div>
      <MetadataEditor rows={metadata} onChange={setMetadata} problem={problem} />

      {submit.isError ? <Alert>The batch was not created: {describeApiError(submit.error)}</Alert> : null}
      <div className="flex gap-2">
        <Button type="submit" disabled={!clean || problem !== null} loading={submit.isPending}>
          Create batch
        </Button>
        <Button type="button" variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
