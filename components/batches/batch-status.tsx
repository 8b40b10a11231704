import type { Batch } from "openai/resources/batches";
import { Badge } from "@/components/ui/badge";

const TONES: Record<Batch["status"], "neutral" | "accent" | "danger" | "warning" | "success"> = {
  validating: "accent",
  in_progress: "accent",
  finalizing: "accent",
  completed: "success",
  failed: "danger",
  expired: "warning",
  cancelling: "warning",
  cancelled: "neutral",
};

export function statusLabel(status: Batch["status"]): string {
  return status.replace("_", " ");
}

export function BatchStatusBadge({ status }: { status: Batch["status"] }) {
  return <Badge tone={TONES[status]}>{statusLabel(status)}</Badge>;
}

/** Completed and failed requests as one bar (green, then red), with the counts in words. */
export function BatchProgressBar({ batch }: { batch: Pick<Batch, "request_counts" | "status"> }) {
  const counts = batch.request_counts ?? { total: 0, completed: 0, failed: 0 };
  const total = Math.max(counts.total, 1);
  const label = counts.total
    ? `${counts.completed} completed, ${counts.failed} failed of ${counts.total}`
    : batch.status === "validating"
      ? "Validating the file…"
      : "No requests";
  return (
    <div className="flex min-w-40 flex-col gap-1">
      <div
        className="flex h-2 overflow-hidden rounded bg-surface-2"
        role="progressbar"
        aria-label="Requests done"
        aria-valuemin={0}
        aria-valuemax={counts.total}
        aria-valuenow={counts.completed + counts.failed}
      >
        <div className="bg-success" style={{ width: `${(counts.completed / total) * 100}%` }} />
        <div className="bg-danger" style={{ width: `${(counts.failed / total) * 100}%` }} />
      </div>
      <span className="text-xs text-fg-muted">{label}</span>
    </div>
  );
}
