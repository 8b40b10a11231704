"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { describeApiError } from "@/lib/client/openai";
import { useDeleteFile } from "./use-files";

export function DeleteFileButton({ projectId, fileId, filename }: { projectId: string; fileId: string; filename: string }) {
  const [open, setOpen] = useState(false);
  const remove = useDeleteFile(projectId);
  const router = useRouter();
  return (
    <>
      <Button variant="danger" onClick={() => setOpen(true)}>
        Delete
      </Button>
      <ConfirmDialog
        open={open}
        onClose={() => setOpen(false)}
        title="Delete this file?"
        confirmLabel="Delete file"
        cancelLabel="Keep it"
        pending={remove.isPending}
        error={remove.isError ? `The upstream did not delete it: ${describeApiError(remove.error)}` : null}
        onConfirm={() =>
          remove.mutate(fileId, {
            onSuccess: () => router.push(`/${projectId}/files?deleted=${encodeURIComponent(filename)}`),
          })
        }
      >
        <span className="font-mono">{filename}</span> is deleted from the upstream. Vector stores, batches and jobs that use it lose it too.
        This cannot be undone.
      </ConfirmDialog>
    </>
  );
}
