"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useDeferredValue, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { inputClass } from "@/components/ui/field";
import { Spinner } from "@/components/ui/spinner";
import { describeApiError, projectOpenAI } from "@/lib/client/openai";
import { queryKeys } from "@/lib/client/query-keys";
import { useAttachableFiles } from "@/lib/client/vector-store-hooks";
import { formatBytes } from "@/lib/files/sizes";

type UploadState =
  | { status: "waiting" }
  | { status: "uploading" }
  | { status: "uploaded"; fileId: string }
  | { status: "failed"; message: string };

/**
 * Existing files of the project and new uploads, attached together: one file with
 * POST /vector_stores/{id}/files, several as one file batch whose progress the page then follows.
 */
export function AddFilesDialog({
  projectId,
  vectorStoreId,
  open,
  attachedIds,
  onClose,
  onBatch,
}: {
  projectId: string;
  vectorStoreId: string;
  open: boolean;
  attachedIds: ReadonlySet<string>;
  onClose: () => void;
  onBatch: (batchId: string) => void;
}) {
  return (
    <Dialog open={open} onClose={onClose} title="Add files">
      {open ? (
        <AddFilesForm projectId={projectId} vectorStoreId={vectorStoreId} attachedIds={attachedIds} onClose={onClose} onBatch={onBatch} />
      ) : null}
    </Dialog>
  );
}

function AddFilesForm({
  projectId,
  vectorStoreId,
  attachedIds,
  onClose,
  onBatch,
}: {
  projectId: string;
  vectorStoreId: string;
  attachedIds: ReadonlySet<string>;
  onClose: () => void;
  onBatch: (batchId: string) => void;
}) {
  const queryClient = useQueryClient();
  const existing = useAttachableFiles(projectId, true);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [query, setQuery] = useState("");
  const search = useDeferredValue(query.trim().toLowerCase());
  const [uploads, setUploads] = useState<File[]>([]);
  const [states, setStates] = useState<UploadState[]>([]);
  const [working, setWorking] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const candidates = (existing.data ?? []).filter((file) => !attachedIds.has(file.id));
  const shown = search ? candidates.filter((file) => `${file.filename} ${file.id}`.toLowerCase().includes(search)) : candidates;
  const total = selected.size + uploads.filter((_, i) => states[i]?.status !== "uploaded").length;

  function toggle(id: string) {
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  async function submit() {
    setWorking(true);
    setError(null);
    const client = projectOpenAI(projectId);
    const next: UploadState[] = uploads.map((_, i) => states[i] ?? { status: "waiting" });
    // One at a time: two cores, and a failure is then clearly this file's.
    for (const [index, file] of uploads.entries()) {
      if (next[index].status === "uploaded") continue;
      next[index] = { status: "uploading" };
      setStates([...next]);
      try {
        const uploaded = await client.files.create({ file, purpose: "assistants" });
        next[index] = { status: "uploaded", fileId: uploaded.id };
      } catch (failure) {
        next[index] = { status: "failed", message: describeApiError(failure) };
      }
      setStates([...next]);
    }
    const fileIds = [...selected, ...next.flatMap((state) => (state.status === "uploaded" ? [state.fileId] : []))];
    const failedUploads = next.some((state) => state.status === "failed");
    try {
      if (fileIds.length === 1) {
        await client.vectorStores.files.create(vectorStoreId, { file_id: fileIds[0] });
      } else if (fileIds.length > 1) {
        const batch = await client.vectorStores.fileBatches.create(vectorStoreId, { file_ids: fileIds });
        onBatch(batch.id);
      }
    } catch (failure) {
      setError(`The files were not added: ${describeApiError(failure)}`);
      setWorking(false);
      return;
    }
    await queryClient.invalidateQueries({ queryKey: queryKeys.upstream.vectorStore(projectId, vectorStoreId) });
    await queryClient.invalidateQueries({ queryKey: queryKeys.upstream.attachableFiles(projectId) });
    setWorking(false);
    if (failedUploads) {
      // What was uploaded is attached; the failed uploads stay listed with their reason.
      setSelected(new Set());
      setUploads(uploads.filter((_, i) => next[i].status === "failed"));
      setStates(next.filter((state) => state.status === "failed"));
      if (fileIds.length) setError(null);
      return;
    }
    onClose();
  }

  return (
    <div className="flex flex-col gap-4">
      <section className="flex flex-col gap-2">
        <label htmlFor="vs-upload" className="text-sm font-medium">
          Upload new files
        </label>
        <input
          id="vs-upload"
          type="file"
          multiple
          disabled={working}
          className="text-sm file:mr-3 file:rounded-md file:border file:border-border file:bg-surface-2 file:px-3 file:py-1.5 file:text-sm file:text-fg"
          onChange={(event) => {
            setUploads([...(event.target.files ?? [])]);
            setStates([]);
          }}
        />
        {uploads.length ? (
          <ul aria-label="Files to upload" className="flex flex-col gap-1 text-sm">
            {uploads.map((file, index) => {
              const state = states[index] ?? { status: "waiting" };
              return (
                // biome-ignore lint/suspicious/noArrayIndexKey: two picked files may share a name
                <li key={`${file.name}-${index}`} className="flex flex-col rounded border border-border px-2 py-1">
                  <span className="flex items-center justify-between gap-2">
                    <span className="truncate">{file.name}</span>
                    <span className="shrink-0 text-xs text-fg-muted">
                      {state.status === "uploading" ? <Spinner label="uploading" /> : null}
                      {state.status === "waiting" ? formatBytes(file.size) : null}
                      {state.status === "uploaded" ? <span className="text-success">uploaded</span> : null}
                      {state.status === "failed" ? <span className="text-danger">upload failed</span> : null}
                    </span>
                  </span>
                  {state.status === "failed" ? (
                    <span role="alert" className="text-xs text-danger">
                      {state.message}
                    </span>
                  ) : null}
                </li>
              );
            })}
          </ul>
        ) : (
          <p className="text-xs text-fg-muted">Uploaded with purpose “assistants”, then added to this store.</p>
        )}
      </section>

      <section className="flex flex-col gap-2">
        <h3 className="text-sm font-medium">Or choose files of this project</h3>
        <input
          type="search"
          aria-label="Search files"
          placeholder="Search files"
          className={inputClass}
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
        {existing.isPending ? <Spinner label="Listing the project's files…" /> : null}
        {existing.isError ? <Alert>The files were not listed: {describeApiError(existing.error)}</Alert> : null}
        {existing.data ? (
          shown.length ? (
            <ul aria-label="Project files" className="flex max-h-48 flex-col overflow-y-auto rounded border border-border">
              {shown.map((file) => (
                <li key={file.id} className="border-b border-border last:border-b-0">
                  <label className="flex cursor-pointer items-center gap-2 px-2 py-1.5 text-sm hover:bg-surface-2">
                    <input type="checkbox" checked={selected.has(file.id)} onChange={() => toggle(file.id)} />
                    <span className="truncate">{file.filename}</span>
                    <span className="ml-auto shrink-0 text-xs text-fg-muted">{formatBytes(file.bytes)}</span>
                  </label>
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-xs text-fg-muted">
              {candidates.length ? "No file matches." : "No other files with purpose assistants or user_data."}
            </p>
          )
        ) : null}
      </section>

      {error ? <Alert>{error}</Alert> : null}
      <DialogActions>
        <Button variant="secondary" onClick={onClose}>
          Close
        </Button>
        <Button loading={working} disabled={total === 0} onClick={submit}>
          {total === 1 ? "Add 1 file" : `Add ${total} files`}
        </Button>
      </DialogActions>
    </div>
  );
}
