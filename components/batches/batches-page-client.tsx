"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { BatchesList } from "./batches-list";
import { CreateBatchForm } from "./create-batch-form";
import { DraftPanel } from "./draft-panel";

export function BatchesPageClient({ projectId, canWrite }: { projectId: string; canWrite: boolean }) {
  const router = useRouter();
  const [creating, setCreating] = useState<{ from?: { file: Blob; filename: string } } | null>(null);
  const createButton = canWrite && !creating ? <Button onClick={() => setCreating({})}>Create batch</Button> : null;
  return (
    <div className="flex flex-col gap-6">
      {createButton ? <div className="flex justify-end">{createButton}</div> : null}
      {creating ? (
        <Card title="New batch" description="The file is checked here, line by line, before anything is sent.">
          <CreateBatchForm
            key={creating.from ? "draft" : "file"}
            projectId={projectId}
            initial={creating.from}
            onCancel={() => setCreating(null)}
            onCreated={(batch) => router.push(`/${projectId}/batches/${batch.id}`)}
          />
        </Card>
      ) : null}
      <DraftPanel projectId={projectId} canWrite={canWrite} onCreate={(file, filename) => setCreating({ from: { file, filename } })} />
      <BatchesList projectId={projectId} />
    </div>
  );
}
