"use client";

import { type DragEvent, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import type { PartSettings } from "@/lib/files/parts";
import { formatBytes } from "@/lib/files/sizes";
import { UploadRow } from "./upload-row";
import { useUploads } from "./use-uploads";

/** Drop zone (also a button that opens the picker) and the queue of files being checked and sent. */
export function UploadPanel({ projectId, settings, canWrite }: { projectId: string; settings: PartSettings; canWrite: boolean }) {
  const uploads = useUploads(projectId, settings);
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const ready = uploads.items.filter((item) => item.status === "ready").length;
  const finished = uploads.items.filter((item) => item.status === "done" || item.status === "cancelled").length;

  function onDrop(event: DragEvent<HTMLButtonElement>) {
    event.preventDefault();
    setDragging(false);
    if (event.dataTransfer.files.length > 0) uploads.add([...event.dataTransfer.files]);
  }

  if (!canWrite) return null;
  return (
    <section aria-label="Upload files" className="flex flex-col gap-3">
      <button
        type="button"
        onClick={() => input.current?.click()}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        className={cn(
          "flex flex-col items-center gap-1 rounded-lg border-2 border-dashed px-6 py-6 text-center text-sm transition-colors",
          dragging ? "border-accent bg-accent/10" : "border-border bg-surface hover:bg-surface-2",
        )}
      >
        <span className="font-medium">Drop files here, or choose files to upload</span>
        <span className="text-xs text-fg-muted">
          Several at once. Files over {formatBytes(settings.threshold)} are sent in {formatBytes(settings.partBytes)} parts and can resume
          after a network error.
        </span>
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        aria-label="Choose files to upload"
        onChange={(event) => {
          if (event.target.files) uploads.add([...event.target.files]);
          event.target.value = "";
        }}
      />
      {uploads.items.length > 0 ? (
        <div className="flex flex-col gap-2">
          <ul aria-label="Files to upload" className="flex flex-col divide-y divide-border rounded-lg border border-border bg-surface">
            {uploads.items.map((item) => (
              <UploadRow
                key={item.key}
                projectId={projectId}
                item={item}
                onPurpose={(purpose) => uploads.setPurpose(item.key, purpose)}
                onCancel={() => uploads.cancel(item.key)}
                onRetry={() => uploads.retry(item.key)}
                onRemove={() => uploads.remove(item.key)}
              />
            ))}
          </ul>
          <div className="flex items-center gap-2">
            <Button onClick={uploads.startAll} disabled={ready === 0}>
              {ready === 1 ? "Upload 1 file" : `Upload ${ready} files`}
            </Button>
            {finished > 0 ? (
              <Button variant="ghost" onClick={uploads.clearFinished}>
                Clear finished
              </Button>
            ) : null}
          </div>
        </div>
      ) : null}
    </section>
  );
}
