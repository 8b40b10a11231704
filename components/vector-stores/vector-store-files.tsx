"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { VectorStoreFile } from "openai/resources/vector-stores/files";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, Td, Th } from "@/components/ui/table";
import { describeApiError, projectOpenAI } from "@/lib/client/openai";
import { queryKeys } from "@/lib/client/query-keys";
import { useFileObjects } from "@/lib/client/vector-store-hooks";
import { formatBytes } from "@/lib/files/sizes";
import { StatusBadge } from "./store-status-badge";

/** A vector store's files: name, status (with the reason of a failure), size, attributes. */
export function VectorStoreFiles({
  projectId,
  vectorStoreId,
  files,
  canWrite,
}: {
  projectId: string;
  vectorStoreId: string;
  files: VectorStoreFile[];
  canWrite: boolean;
}) {
  const queryClient = useQueryClient();
  const objects = useFileObjects(
    projectId,
    files.map((file) => file.id),
  );
  const [removing, setRemoving] = useState<{ id: string; name: string } | null>(null);
  const remove = useMutation({
    mutationFn: (fileId: string) => projectOpenAI(projectId).vectorStores.files.delete(fileId, { vector_store_id: vectorStoreId }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.upstream.vectorStore(projectId, vectorStoreId) });
      await queryClient.invalidateQueries({ queryKey: queryKeys.upstream.vectorStores(projectId), exact: true });
      setRemoving(null);
    },
  });

  if (!files.length) return <EmptyState title="No files in this store">Add files to have them chunked and embedded for search.</EmptyState>;
  return (
    <>
      <Table label="Vector store files">
        <thead>
          <tr>
            <Th>File</Th>
            <Th>Status</Th>
            <Th>Size</Th>
            <Th>Attributes</Th>
            {canWrite ? <Th className="text-right">Actions</Th> : null}
          </tr>
        </thead>
        <tbody>
          {files.map((file, index) => {
            const object = objects[index];
            const name = object?.data ? object.data.filename : object?.data === null ? "Deleted file" : file.id;
            const attributes = Object.entries(file.attributes ?? {});
            return (
              <tr key={file.id}>
                <Td>
                  <div className={object?.data === null ? "italic text-fg-muted" : "font-medium"}>{name}</div>
                  <div className="font-mono text-xs text-fg-muted">{file.id}</div>
                </Td>
                <Td>
                  <StatusBadge status={file.status} />
                  {file.status === "failed" && file.last_error ? (
                    <p className="mt-1 max-w-md text-xs text-danger">
                      {file.last_error.message} <span className="font-mono">({file.last_error.code})</span>
                    </p>
                  ) : null}
                </Td>
                <Td className="whitespace-nowrap text-fg-muted">{file.status === "completed" ? formatBytes(file.usage_bytes) : "—"}</Td>
                <Td className="text-xs">
                  {attributes.length ? (
                    <ul className="flex flex-wrap gap-1">
                      {attributes.map(([key, value]) => (
                        <li key={key} className="rounded bg-surface-2 px-1.5 py-0.5 font-mono">
                          {key}={JSON.stringify(value)}
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <span className="text-fg-muted">—</span>
                  )}
                </Td>
                {canWrite ? (
                  <Td className="text-right">
                    <Button
                      variant="ghost"
                      size="sm"
                      className="text-danger"
                      aria-label={`Remove ${name}`}
                      onClick={() => {
                        remove.reset();
                        setRemoving({ id: file.id, name });
                      }}
                    >
                      Remove
                    </Button>
                  </Td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </Table>
      <ConfirmDialog
        open={removing !== null}
        title="Remove file"
        confirmLabel="Remove"
        pending={remove.isPending}
        error={remove.isError ? `The file was not removed: ${describeApiError(remove.error)}` : null}
        onConfirm={() => removing && remove.mutate(removing.id)}
        onClose={() => setRemoving(null)}
      >
        Remove “{removing?.name}” from this store? The file itself stays in the project's files.
      </ConfirmDialog>
      {remove.isError && !removing ? <Alert>{describeApiError(remove.error)}</Alert> : null}
    </>
  );
}
