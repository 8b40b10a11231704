import { Badge } from "@/components/ui/badge";

const TONES = {
  completed: "success",
  in_progress: "warning",
  failed: "danger",
  cancelled: "neutral",
  expired: "neutral",
} as const;

const LABELS: Record<string, string> = {
  completed: "Completed",
  in_progress: "In progress",
  failed: "Failed",
  cancelled: "Cancelled",
  expired: "Expired",
};

/** The status of a vector store or of one of its files. */
export function StatusBadge({ status }: { status: string }) {
  return <Badge tone={TONES[status as keyof typeof TONES] ?? "neutral"}>{LABELS[status] ?? status}</Badge>;
}
