"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import type { VectorStore } from "openai/resources/vector-stores/vector-stores";
import { useState } from "react";
import { CreatedBy } from "@/components/files/created-by";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Spinner } from "@/components/ui/spinner";
import { Table, Td, Th, WIDE_ONLY } from "@/components/ui/table";
import { useCreators } from "@/lib/client/creators";
import { describeApiError, projectOpenAI } from "@/lib/client/openai";
import { queryKeys } from "@/lib/client/query-keys";
import { useVectorStores } from "@/lib/client/vector-store-hooks";
import { formatBytes } from "@/lib/files/sizes";
import { agoText, expiryText } from "@/lib/vector-stores/format";
import { CreateVectorStoreDialog } from "./create-vector-store-dialog";
import { FileCounts } from "./file-counts";
import { RenameVectorStoreDialog } from "./rename-vector-store-dialog";

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });
// The size sits under the file counts and the expiry under the last activity; where the page is
// narrow the creation date is left to the store's page (WIDE_ONLY), so Rename and Delete stay in view.

function expiryLine(store: VectorStore, now: number): string {
  const expiry = expiryText(store, now);
  return expiry === "never" ? "never expires" : expiry;
}

export function storeName(store: { id: string; name: string | null }): string {
  return store.name?.trim() ? store.name : "Untitled";
}

export function VectorStoresList({ projectId, canWrite }: { projectId: string; canWrite: boolean }) {
  const stores = useVectorStores(projectId);
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [renaming, setRenaming] = useState<VectorStore | null>(null);
  const [deleting, setDeleting] = useState<VectorStore | null>(null);
  const remove = useMutation({
    mutationFn: (id: string) => projectOpenAI(projectId).vectorStores.delete(id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.upstream.vectorStores(projectId) });
      setDeleting(null);
    },
  });
  const now = Math.floor(Date.now() / 1000);
  const listError = stores.error;
  const all = stores.data?.pages.flatMap((page) => page.data) ?? [];
  const { creators } = useCreators(
    projectId,
    all.map((store) => store.id),
  );

  const createButton = canWrite ? <Button onClick={() => setCreating(true)}>Create vector store</Button> : null;
  let body: React.ReactNode;
  if (stores.isPending) body = <Spinner label="Asking the upstream for its vector stores…" />;
  else if (!stores.data) {
    body = (
      <Alert>
        The upstream did not list its vector stores: {describeApiError(listError)}{" "}
        <button type="button" className="underline" onClick={() => stores.refetch()}>
          Try again
        </button>
      </Alert>
    );
  } else {
    body =
      all.length === 0 ? (
        <EmptyState title="No vector stores yet" action={createButton}>
          A vector store holds chunked, embedded files that file search retrieves from.
        </EmptyState>
      ) : (
        <div className="@container flex flex-col gap-3">
          <Table label="Vector stores">
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Files</Th>
                <Th className={WIDE_ONLY}>Created</Th>
                <Th className="whitespace-nowrap">Last active</Th>
                {canWrite ? <Th className="text-right">Actions</Th> : null}
              </tr>
            </thead>
            <tbody>
              {all.map((store) => (
                <tr key={store.id}>
                  <Td>
                    <Link href={`/${projectId}/vector-stores/${store.id}`} className="font-medium text-accent hover:underline">
                      {storeName(store)}
                    </Link>
                    <div className="font-mono text-xs text-fg-muted">{store.id}</div>
                  </Td>
                  <Td className="text-sm">
                    <FileCounts counts={store.file_counts} />
                    <div className="text-xs text-fg-muted whitespace-nowrap">{formatBytes(store.usage_bytes)}</div>
                  </Td>
                  <Td className={cn("text-fg-muted whitespace-nowrap", WIDE_ONLY)}>
                    {dateFormat.format(new Date(store.created_at * 1000))}
                    {creators.has(store.id) ? (
                      <div className="text-xs">
                        by <CreatedBy creator={creators.get(store.id)} />
                      </div>
                    ) : null}
                  </Td>
                  <Td className="text-fg-muted whitespace-nowrap">
                    {agoText(store.last_active_at, now)}
                    <div className="text-xs">{expiryLine(store, now)}</div>
                  </Td>
                  {canWrite ? (
                    <Td className="text-right whitespace-nowrap">
                      <Button variant="ghost" size="sm" aria-label={`Rename ${storeName(store)}`} onClick={() => setRenaming(store)}>
                        Rename
                      </Button>
                      <Button
                        variant="ghost"
                        size="sm"
                        className="text-danger"
                        aria-label={`Delete ${storeName(store)}`}
                        onClick={() => {
                          remove.reset();
                          setDeleting(store);
                        }}
                      >
                        Delete
                      </Button>
                    </Td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </Table>
          {stores.hasNextPage ? (
            <div>
              <Button variant="secondary" loading={stores.isFetchingNextPage} onClick={() => stores.fetchNextPage()}>
                Load more
              </Button>
            </div>
          ) : null}
          {stores.isFetchNextPageError ? <Alert>The next page did not load: {describeApiError(listError)}</Alert> : null}
        </div>
      );
  }

  return (
    <div className="flex flex-col gap-4">
      {createButton && !(stores.data && stores.data.pages[0]?.data.length === 0) ? (
        <div className="flex justify-end">{createButton}</div>
      ) : null}
      {body}
      <CreateVectorStoreDialog projectId={projectId} open={creating} onClose={() => setCreating(false)} />
      <RenameVectorStoreDialog
        projectId={projectId}
        store={renaming ? { id: renaming.id, name: renaming.name ?? "" } : null}
        onClose={() => setRenaming(null)}
      />
      <ConfirmDialog
        open={deleting !== null}
        title="Delete vector store"
        confirmLabel="Delete"
        pending={remove.isPending}
        error={remove.isError ? `The vector store was not deleted: ${describeApiError(remove.error)}` : null}
        onConfirm={() => deleting && remove.mutate(deleting.id)}
        onClose={() => setDeleting(null)}
      >
        Delete “{deleting ? storeName(deleting) : ""}”? Its files stay in the project's files; only the store and its index go.
      </ConfirmDialog>
    </div>
  );
}
