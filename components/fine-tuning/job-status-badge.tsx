import { Badge } from "@/components/ui/badge";
import { STATUS_LABELS } from "@/lib/fine-tuning/display";

const TONES = {
  validating_files: "accent",
  queued: "accent",
  running: "warning",
  paused: "neutral",
  succeeded: "success",
  failed: "danger",
  cancelled: "neutral",
} as const;

export function JobStatusBadge({ status }: { status: string }) {
  return <Badge tone={TONES[status as keyof typeof TONES] ?? "neutral"}>{STATUS_LABELS[status] ?? status}</Badge>;
}
