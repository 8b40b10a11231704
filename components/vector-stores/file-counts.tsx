import type { VectorStore } from "openai/resources/vector-stores/vector-stores";

/** "2 completed · 1 in progress · 1 failed", leaving out the statuses with none. */
export function FileCounts({ counts }: { counts: VectorStore.FileCounts }) {
  const parts = [
    { n: counts.completed, label: "completed", className: "text-success" },
    { n: counts.in_progress, label: "in progress", className: "text-warning" },
    { n: counts.failed, label: "failed", className: "text-danger" },
    { n: counts.cancelled, label: "cancelled", className: "text-fg-muted" },
  ].filter((part) => part.n > 0);
  if (!parts.length) return <span className="text-fg-muted">No files</span>;
  return (
    <span className="flex flex-wrap gap-x-2">
      {parts.map((part) => (
        <span key={part.label} className={`whitespace-nowrap ${part.className}`}>
          {part.n} {part.label}
        </span>
      ))}
    </span>
  );
}
