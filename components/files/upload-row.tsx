"use client";

import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { inputClass } from "@/components/ui/field";
import { isUploadPurpose, PURPOSE_HELP, UPLOAD_PURPOSES, type UploadPurpose } from "@/lib/files/purposes";
import { formatBytes } from "@/lib/files/sizes";
import type { UploadItem } from "./use-uploads";

const STATUS: Record<UploadItem["status"], { label: string; tone: "neutral" | "accent" | "danger" | "success" | "warning" }> = {
  checking: { label: "Checking", tone: "neutral" },
  ready: { label: "Ready", tone: "accent" },
  invalid: { label: "Cannot upload", tone: "danger" },
  uploading: { label: "Uploading", tone: "accent" },
  failed: { label: "Failed", tone: "danger" },
  cancelled: { label: "Cancelled", tone: "warning" },
  done: { label: "Uploaded", tone: "success" },
};

export function UploadRow({
  projectId,
  item,
  onPurpose,
  onCancel,
  onRetry,
  onRemove,
}: {
  projectId: string;
  item: UploadItem;
  onPurpose: (purpose: UploadPurpose) => void;
  onCancel: () => void;
  onRetry: () => void;
  onRemove: () => void;
}) {
  const editable = item.status === "checking" || item.status === "ready" || item.status === "invalid";
  const progress = item.progress;
  const percent = progress && progress.total > 0 ? Math.round((progress.sent / progress.total) * 100) : 0;
  const resumable = item.status === "failed" && item.parts?.uploadId;
  const status = STATUS[item.status];
  return (
    <li aria-label={item.file.name} className="flex flex-col gap-2 px-4 py-3">
      <div className="flex flex-wrap items-center gap-3">
        <div className="min-w-0 flex-1">
          <p className="truncate font-mono text-[13px]">{item.file.name}</p>
          <p className="text-xs text-fg-muted">{formatBytes(item.file.size)}</p>
        </div>
        <label className="flex items-center gap-2 text-xs text-fg-muted">
          Purpose
          <select
            aria-label={`Purpose of ${item.file.name}`}
            className={cn(inputClass, "h-8 w-36")}
            value={item.purpose}
            disabled={!editable}
            onChange={(event) => {
              if (isUploadPurpose(event.target.value)) onPurpose(event.target.value);
            }}
          >
            {UPLOAD_PURPOSES.map((purpose) => (
              <option key={purpose} value={purpose}>
                {purpose}
              </option>
            ))}
          </select>
        </label>
        <Badge tone={status.tone}>{status.label}</Badge>
        {item.status === "uploading" ? (
          <Button size="sm" variant="secondary" onClick={onCancel} aria-label={`Cancel upload of ${item.file.name}`}>
            Cancel
          </Button>
        ) : null}
        {item.status === "failed" ? (
          <Button size="sm" variant="secondary" onClick={onRetry}>
            {resumable ? "Resume" : "Retry"}
          </Button>
        ) : null}
        {item.status === "done" && item.fileId ? (
          <Link className="text-xs text-accent underline" href={`/${projectId}/files/${item.fileId}`}>
            Open
          </Link>
        ) : null}
        {item.status !== "uploading" ? (
          <Button size="sm" variant="ghost" onClick={onRemove} aria-label={`Remove ${item.file.name} from the list`}>
            Remove
          </Button>
        ) : null}
      </div>
      {editable ? <p className="text-xs text-fg-muted">{PURPOSE_HELP[item.purpose]}</p> : null}
      {progress && (item.status === "uploading" || item.status === "failed" || item.status === "done") ? (
        <div className="flex items-center gap-3">
          <div
            role="progressbar"
            aria-label={`Upload progress of ${item.file.name}`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={item.status === "done" ? 100 : percent}
            className="h-2 flex-1 overflow-hidden rounded-full bg-surface-2"
          >
            <div
              className={cn("h-full rounded-full transition-[width]", item.status === "failed" ? "bg-danger" : "bg-accent")}
              style={{ width: `${item.status === "done" ? 100 : percent}%` }}
            />
          </div>
          <span className="w-64 text-right text-xs tabular-nums text-fg-muted">
            {item.status === "done" ? formatBytes(item.file.size) : `${formatBytes(progress.sent)} of ${formatBytes(progress.total)}`}
            {progress.part && item.status !== "done"
              ? ` · part ${Math.min(progress.part.done + 1, progress.part.total)} of ${progress.part.total}`
              : ""}
            {progress.part && item.status === "done" ? ` · ${progress.part.total} parts` : ""}
          </span>
        </div>
      ) : null}
      {item.message && item.status !== "cancelled" ? (
        <p role="alert" className="text-xs text-danger">
          {item.message}
          {resumable
            ? ` ${item.parts?.partIds.filter(Boolean).length} of ${item.parts?.partIds.length} parts are already sent; Resume sends the rest.`
            : ""}
        </p>
      ) : null}
    </li>
  );
}
