"use client";

import Link from "next/link";
import { useDeferredValue, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { inputClass } from "@/components/ui/field";
import { Spinner } from "@/components/ui/spinner";
import { Table, Td, Th } from "@/components/ui/table";
import { describeApiError } from "@/lib/client/openai";
import { useUpstreamModels } from "@/lib/client/upstream-hooks";

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

export function ModelsTable({ projectId }: { projectId: string }) {
  const models = useUpstreamModels(projectId);
  const [query, setQuery] = useState("");
  const search = useDeferredValue(query.trim().toLowerCase());

  if (models.isPending) return <Spinner label="Asking the upstream for its models…" />;
  if (models.isError) {
    return (
      <Alert>
        The upstream did not list its models: {describeApiError(models.error)}{" "}
        <button type="button" className="underline" onClick={() => models.refetch()}>
          Try again
        </button>
      </Alert>
    );
  }
  if (models.data.length === 0) {
    return <EmptyState title="No models">The upstream answered with an empty list.</EmptyState>;
  }
  const shown = search ? models.data.filter((model) => model.id.toLowerCase().includes(search)) : models.data;
  return (
    <div className="flex flex-col gap-4">
      <div className="flex items-center gap-3">
        <input
          type="search"
          aria-label="Search models"
          placeholder="Search models"
          className={`${inputClass} max-w-xs`}
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
        <p className="text-sm text-fg-muted" aria-live="polite">
          {shown.length === models.data.length ? `${models.data.length} models` : `${shown.length} of ${models.data.length} models`}
        </p>
      </div>
      {shown.length === 0 ? (
        <EmptyState title="No model matches">Nothing here contains “{query.trim()}”.</EmptyState>
      ) : (
        <Table label="Models">
          <thead>
            <tr>
              <Th>Model</Th>
              <Th>Owned by</Th>
              <Th>Created</Th>
            </tr>
          </thead>
          <tbody>
            {shown.map((model) => (
              <tr key={model.id}>
                <Td className="font-mono text-[13px]">
                  <span className="mr-2">{model.id}</span>
                  {model.id.startsWith("ft:") ? <Badge tone="accent">Fine-tuned</Badge> : null}
                  {model.owned_by === "switchboard-sandbox" ? <Badge>Sandbox</Badge> : null}
                  {/embed/i.test(model.id) ? null : (
                    <Link
                      href={`/${projectId}/playground?model=${encodeURIComponent(model.id)}`}
                      className="ml-2 font-sans text-xs text-accent underline"
                      aria-label={`Try ${model.id} in the playground`}
                    >
                      Try it
                    </Link>
                  )}
                </Td>
                <Td className="text-fg-muted">{model.owned_by}</Td>
                <Td className="text-fg-muted">{model.created ? dateFormat.format(new Date(model.created * 1000)) : "—"}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </div>
  );
}
