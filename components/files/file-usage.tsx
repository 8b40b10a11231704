"use client";

import { Spinner } from "@/components/ui/spinner";
import { describeApiError } from "@/lib/client/openai";
import { type UsageSection, useFileUsage } from "./use-files";

function Section<T extends { id: string }>({
  title,
  section,
  render,
  none,
}: {
  title: string;
  section: UsageSection<T>;
  render: (item: T) => string;
  none: string;
}) {
  return (
    <div className="flex flex-col gap-1">
      <h3 className="text-sm font-medium">{title}</h3>
      {!section.available ? (
        <p className="text-sm text-fg-muted">{section.reason}</p>
      ) : section.items.length === 0 ? (
        <p className="text-sm text-fg-muted">
          {none}
          {section.partial ? " (among the 100 most recent)" : ""}
        </p>
      ) : (
        <ul className="flex flex-col gap-0.5 text-sm">
          {section.items.map((item) => (
            <li key={item.id} className="font-mono text-[13px]">
              {render(item)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Where the file is used on the upstream; each part fails on its own without failing the page. */
export function FileUsagePanel({ projectId, fileId }: { projectId: string; fileId: string }) {
  const usage = useFileUsage(projectId, fileId);
  if (usage.isPending) return <Spinner label="Looking for where this file is used…" />;
  if (usage.isError) return <p className="text-sm text-fg-muted">Could not look: {describeApiError(usage.error)}</p>;
  return (
    <div className="grid gap-4 sm:grid-cols-3">
      <Section
        title="Vector stores"
        section={usage.data.vectorStores}
        render={(store) => `${store.name} (${store.id})`}
        none="In no vector store."
      />
      <Section
        title="Batches"
        section={usage.data.batches}
        render={(batch) => `${batch.id} · ${batch.role} · ${batch.status}`}
        none="In no batch."
      />
      <Section
        title="Fine-tuning jobs"
        section={usage.data.fineTuning}
        render={(job) => `${job.id} · ${job.role} · ${job.status}`}
        none="In no fine-tuning job."
      />
    </div>
  );
}
