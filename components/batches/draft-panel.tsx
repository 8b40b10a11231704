"use client";

import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { clearDraft, linesToJsonl, removeFromDraft, useBatchDraft } from "@/lib/batches/draft";

export function downloadText(text: string, filename: string) {
  const url = URL.createObjectURL(new Blob([text], { type: "application/jsonl" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The requests collected from the playground, to export as JSONL or to make into a batch. */
export function DraftPanel({
  projectId,
  canWrite,
  onCreate,
}: {
  projectId: string;
  canWrite: boolean;
  onCreate: (file: Blob, filename: string) => void;
}) {
  const draft = useBatchDraft(projectId);
  if (draft.length === 0) return null;
  const jsonl = () => linesToJsonl(draft);
  return (
    <Card
      title={`Batch draft (${draft.length} ${draft.length === 1 ? "request" : "requests"})`}
      description="Requests added from the playground, kept in this browser."
      actions={
        <div className="flex gap-2">
          <Button variant="secondary" size="sm" onClick={() => downloadText(jsonl(), "batch-draft.jsonl")}>
            Export JSONL
          </Button>
          {canWrite ? (
            <Button size="sm" onClick={() => onCreate(new Blob([jsonl()], { type: "application/jsonl" }), "batch-draft.jsonl")}>
              Create batch from draft
            </Button>
          ) : null}
          <Button variant="ghost" size="sm" className="text-danger" onClick={() => clearDraft(projectId)}>
            Clear
          </Button>
        </div>
      }
    >
      <Table label="Draft requests">
        <thead>
          <tr>
            <Th>custom_id</Th>
            <Th>Endpoint</Th>
            <Th>Model</Th>
            <Th className="text-right">Remove</Th>
          </tr>
        </thead>
        <tbody>
          {draft.map((line) => (
            <tr key={line.custom_id}>
              <Td className="font-mono text-sm">{line.custom_id}</Td>
              <Td className="font-mono text-xs">{line.url}</Td>
              <Td>{line.body.model}</Td>
              <Td className="text-right">
                <Button
                  variant="ghost"
                  size="sm"
                  aria-label={`Remove ${line.custom_id}`}
                  onClick={() => removeFromDraft(projectId, line.custom_id)}
                >
                  Remove
                </Button>
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </Card>
  );
}
