"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import OpenAI from "openai";
import { useMemo, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClass } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Spinner } from "@/components/ui/spinner";
import { describeApiError, projectOpenAI } from "@/lib/client/openai";
import { queryKeys } from "@/lib/client/query-keys";
import { isIngesting, useVectorStore, useVectorStoreFiles } from "@/lib/client/vector-store-hooks";
import { formatBytes } from "@/lib/files/sizes";
import { agoText, expiryText, policyText } from "@/lib/vector-stores/format";
import { PLAYGROUND_READY, playgroundHref } from "@/lib/vector-stores/playground";
import { AddFilesDialog } from "./add-files-dialog";
import { BatchProgress } from "./batch-progress";
import { FileCounts } from "./file-counts";
import { RenameVectorStoreDialog } from "./rename-vector-store-dialog";
import { SearchPanel } from "./search-panel";
import { StatusBadge } from "./store-status-badge";
import { VectorStoreFiles } from "./vector-store-files";
import { storeName } from "./vector-stores-list";

export function VectorStoreDetail({ projectId, vectorStoreId, canWrite }: { projectId: string; vectorStoreId: string; canWrite: boolean }) {
  const store = useVectorStore(projectId, vectorStoreId);
  const files = useVectorStoreFiles(projectId, vectorStoreId);
  const queryClient = useQueryClient();
  const router = useRouter();
  const [adding, setAdding] = useState(false);
  const [renaming, setRenaming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [batchId, setBatchId] = useState<string | null>(null);
  // Only a refresh asked for shows as busy: the polling during ingestion would make it flicker.
  const [refreshing, setRefreshing] = useState(false);
  const remove = useMutation({
    mutationFn: () => projectOpenAI(projectId).vectorStores.delete(vectorStoreId),
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: queryKeys.upstream.vectorStore(projectId, vectorStoreId) });
      await queryClient.invalidateQueries({ queryKey: queryKeys.upstream.vectorStores(projectId) });
      router.push(`/${projectId}/vector-stores`);
    },
  });
  const attachedIds = useMemo(() => new Set((files.data ?? []).map((file) => file.id)), [files.data]);

  const back = (
    <Link href={`/${projectId}/vector-stores`} className="text-sm text-accent hover:underline">
      ← Vector stores
    </Link>
  );
  if (store.isPending) return <Spinner label="Loading the vector store…" />;
  if (store.isError) {
    if (store.error instanceof OpenAI.NotFoundError) {
      return (
        <EmptyState title="No such vector store" action={back}>
          The upstream has no vector store {vectorStoreId}; it may have been deleted or have expired.
        </EmptyState>
      );
    }
    return (
      <Alert>
        The vector store did not load: {describeApiError(store.error)}{" "}
        <button type="button" className="underline" onClick={() => store.refetch()}>
          Try again
        </button>
      </Alert>
    );
  }
  const data = store.data;
  const ingesting = isIngesting(data, files.data);
  const now = Math.floor(Date.now() / 1000);
  const refresh = async () => {
    setRefreshing(true);
    try {
      await queryClient.invalidateQueries({ queryKey: queryKeys.upstream.vectorStore(projectId, vectorStoreId) });
    } finally {
      setRefreshing(false);
    }
  };

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-3">
        {back}
        <div className="flex flex-wrap items-start justify-between gap-4">
          <div>
            <h1 className="flex items-center gap-2 text-xl font-semibold tracking-tight">
              {storeName(data)} <StatusBadge status={data.status} />
            </h1>
            <p className="mt-1 font-mono text-xs text-fg-muted">{data.id}</p>
          </div>
          <div className="flex flex-wrap items-center gap-2">
            <Button variant="secondary" loading={refreshing} onClick={refresh}>
              Refresh
            </Button>
            {PLAYGROUND_READY ? (
              <Link href={playgroundHref(projectId, data.id)} className={buttonClass("secondary")}>
                Use in playground
              </Link>
            ) : null}
            {canWrite ? (
              <>
                <Button variant="secondary" onClick={() => setRenaming(true)}>
                  Rename
                </Button>
                <Button
                  variant="danger"
                  onClick={() => {
                    remove.reset();
                    setDeleting(true);
                  }}
                >
                  Delete
                </Button>
              </>
            ) : null}
          </div>
        </div>
        <dl className="grid grid-cols-2 gap-x-6 gap-y-2 rounded-lg border border-border bg-surface px-5 py-4 text-sm sm:grid-cols-5">
          <div>
            <dt className="text-xs text-fg-muted">Files</dt>
            <dd>
              <FileCounts counts={data.file_counts} />
            </dd>
          </div>
          <div>
            <dt className="text-xs text-fg-muted">Size</dt>
            <dd>{formatBytes(data.usage_bytes)}</dd>
          </div>
          <div>
            <dt className="text-xs text-fg-muted">Last active</dt>
            <dd>{agoText(data.last_active_at, now)}</dd>
          </div>
          <div>
            <dt className="text-xs text-fg-muted">Expiry</dt>
            <dd>
              {expiryText(data, now)} <span className="text-xs text-fg-muted">({policyText(data.expires_after)})</span>
            </dd>
          </div>
          <div>
            <dt className="text-xs text-fg-muted">Metadata</dt>
            <dd className="font-mono text-xs">
              {Object.entries(data.metadata ?? {}).length
                ? Object.entries(data.metadata ?? {}).map(([key, value]) => <div key={key}>{`${key}=${value}`}</div>)
                : "—"}
            </dd>
          </div>
        </dl>
      </div>

      <section aria-labelledby="vs-files-title" className="flex flex-col gap-3">
        <div className="flex items-center justify-between gap-2">
          <h2 id="vs-files-title" className="flex items-center gap-2 text-base font-semibold">
            Files {ingesting ? <Spinner label="ingesting" /> : null}
          </h2>
          {canWrite && data.status !== "expired" ? <Button onClick={() => setAdding(true)}>Add files</Button> : null}
        </div>
        {batchId ? (
          <BatchProgress projectId={projectId} vectorStoreId={vectorStoreId} batchId={batchId} onDismiss={() => setBatchId(null)} />
        ) : null}
        {files.isPending ? <Spinner label="Listing the store's files…" /> : null}
        {files.isError ? <Alert>The store's files did not load: {describeApiError(files.error)}</Alert> : null}
        {files.data ? (
          <VectorStoreFiles projectId={projectId} vectorStoreId={vectorStoreId} files={files.data} canWrite={canWrite} />
        ) : null}
      </section>

      <SearchPanel projectId={projectId} vectorStoreId={vectorStoreId} />

      <AddFilesDialog
        projectId={projectId}
        vectorStoreId={vectorStoreId}
        open={adding}
        attachedIds={attachedIds}
        onClose={() => setAdding(false)}
        onBatch={setBatchId}
      />
      <RenameVectorStoreDialog
        projectId={projectId}
        store={renaming ? { id: data.id, name: data.name ?? "" } : null}
        onClose={() => setRenaming(false)}
      />
      <ConfirmDialog
        open={deleting}
        title="Delete vector store"
        confirmLabel="Delete"
        pending={remove.isPending}
        error={remove.isError ? `The vector store was not deleted: ${describeApiError(remove.error)}` : null}
        onConfirm={() => remove.mutate()}
        onClose={() => setDeleting(false)}
      >
        Delete “{storeName(data)}”? Its files stay in the project's files; only the store and its index go.
      </ConfirmDialog>
    </div>
  );
}
