"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
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
      <Dialog open={open} onClose={() => setOpen(false)} title="Delete this file?">
        <p className="text-sm">
          <span className="font-mono">{filename}</span> is deleted from the upstream. Vector stores, batches and jobs that use it lose it
          too. This cannot be undone.
        </p>
        {remove.isError ? <Alert>The upstream did not delete it: {describeApiError(remove.error)}</Alert> : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setOpen(false)}>
            Keep it
          </Button>
          <Button
            variant="danger"
            loading={remove.isPending}
            onClick={() =>
              remove.mutate(fileId, {
                onSuccess: () => router.push(`/${projectId}/files?deleted=${encodeURIComponent(filename)}`),
              })
            }
          >
            Delete file
          </Button>
        </div>
      </Dialog>
    </>
  );
}
