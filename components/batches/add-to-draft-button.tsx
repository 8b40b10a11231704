"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { BatchEndpoint } from "@/lib/batches/check-lines";
import { addToDraft, useBatchDraft } from "@/lib/batches/draft";

/**
 * "Add to batch draft": puts this request (the body as it would be sent to `endpoint`) into the
 * project's batch draft, which the Batches page exports as JSONL or makes into a batch.
 */
export function AddToDraftButton({
  projectId,
  endpoint,
  body,
  disabled,
}: {
  projectId: string;
  endpoint: BatchEndpoint;
  body: (Record<string, unknown> & { model: string }) | null;
  disabled?: boolean;
}) {
  const draft = useBatchDraft(projectId);
  const [added, setAdded] = useState<string | null>(null);
  return (
    <span className="inline-flex items-center gap-2">
      <Button
        variant="secondary"
        size="sm"
        disabled={disabled || !body}
        onClick={() => {
          if (body) setAdded(addToDraft(projectId, endpoint, body));
        }}
      >
        Add to batch draft
      </Button>
      <span role="status" className="text-xs text-fg-muted">
        {added ? (
          <>
            Added as {added} ({draft.length} in the{" "}
            <a className="text-accent underline" href={`/${projectId}/batches`}>
              draft
            </a>
            )
          </>
        ) : null}
      </span>
    </span>
  );
}
