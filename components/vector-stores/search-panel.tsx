"use client";

import { useMutation } from "@tanstack/react-query";
import type { VectorStoreSearchResponse } from "openai/resources/vector-stores/vector-stores";
import { type FormEvent, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { inputClass, TextField } from "@/components/ui/field";
import { describeApiError, projectOpenAI } from "@/lib/client/openai";
import { buildFilters, type FilterRow, OPERATOR_LABELS, OPERATORS, type Operator } from "@/lib/vector-stores/filters";
import { highlightSegments } from "@/lib/vector-stores/highlight";

function Highlighted({ text, query }: { text: string; query: string }) {
  return (
    <>
      {highlightSegments(text, query).map((segment, index) =>
        segment.match ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: segments are fixed for a given text
          <mark key={index} className="rounded-sm bg-warning/30 px-0.5 text-fg">
            {segment.text}
          </mark>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: segments are fixed for a given text
          <span key={index}>{segment.text}</span>
        ),
      )}
    </>
  );
}

/** Searches the store as file_search would, to see what a query retrieves and how it scores. */
export function SearchPanel({ projectId, vectorStoreId }: { projectId: string; vectorStoreId: string }) {
  const [query, setQuery] = useState("");
  const [maxResults, setMaxResults] = useState("10");
  const [threshold, setThreshold] = useState("0");
  const [rewrite, setRewrite] = useState(false);
  const [rows, setRows] = useState<FilterRow[]>([]);
  const [join, setJoin] = useState<"and" | "or">("and");
  const [errors, setErrors] = useState<{ max?: string; threshold?: string; filter?: { row: number; message: string } }>({});
  const search = useMutation({
    mutationFn: async (body: Parameters<ReturnType<typeof projectOpenAI>["vectorStores"]["search"]>[1]) => {
      const page = await projectOpenAI(projectId).vectorStores.search(vectorStoreId, body);
      return {
        results: page.data as VectorStoreSearchResponse[],
        query: typeof body.query === "string" ? body.query : body.query.join(" "),
      };
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!query.trim()) return;
    const found: typeof errors = {};
    const max = Number(maxResults);
    if (!/^\d+$/.test(maxResults.trim()) || max < 1 || max > 50) found.max = "A whole number from 1 to 50.";
    const score = Number(threshold);
    if (threshold.trim() === "" || !Number.isFinite(score) || score < 0 || score > 1) found.threshold = "A number from 0 to 1.";
    const filters = buildFilters(rows, join);
    if (!filters.ok) found.filter = { row: filters.row, message: filters.message };
    setErrors(found);
    if (found.max || found.threshold || !filters.ok) return;
    search.mutate({
      query: query.trim(),
      max_num_results: max,
      ranking_options: score > 0 ? { score_threshold: score } : undefined,
      rewrite_query: rewrite || undefined,
      filters: filters.filters,
    });
  }

  const updateRow = (index: number, patch: Partial<FilterRow>) => setRows(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));

  return (
    <section aria-labelledby="vs-search-title" className="flex flex-col gap-4 rounded-lg border border-border bg-surface px-5 py-4">
      <h2 id="vs-search-title" className="text-base font-semibold">
        Search tester
      </h2>
      <form onSubmit={submit} noValidate className="flex flex-col gap-3">
        <div className="flex gap-2">
          <input
            type="search"
            aria-label="Search query"
            placeholder="Ask what file_search would ask…"
            className={inputClass}
            value={query}
            onChange={(event) => setQuery(event.target.value)}
          />
          <Button type="submit" loading={search.isPending} disabled={!query.trim()}>
            Search
          </Button>
        </div>
        <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          <TextField
            label="Max results"
            inputMode="numeric"
            value={maxResults}
            error={errors.max}
            onChange={(event) => setMaxResults(event.target.value)}
          />
          <TextField
            label="Score threshold"
            inputMode="decimal"
            value={threshold}
            error={errors.threshold}
            onChange={(event) => setThreshold(event.target.value)}
          />
          <label className="flex items-center gap-2 self-end pb-2 text-sm sm:col-span-2">
            <input type="checkbox" checked={rewrite} onChange={(event) => setRewrite(event.target.checked)} />
            Rewrite the query for search
          </label>
        </div>
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1 text-sm font-medium">Attribute filters</legend>
          {rows.map((row, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity beyond their place
            <div key={index} className="flex flex-col gap-1">
              <div className="flex gap-2">
                <input
                  className={inputClass}
                  aria-label={`Filter ${index + 1} attribute`}
                  placeholder="attribute"
                  value={row.key}
                  onChange={(event) => updateRow(index, { key: event.target.value })}
                />
                <select
                  className={`${inputClass} w-24`}
                  aria-label={`Filter ${index + 1} operator`}
                  value={row.operator}
                  onChange={(event) => updateRow(index, { operator: event.target.value as Operator })}
                >
                  {OPERATORS.map((operator) => (
                    <option key={operator} value={operator}>
                      {OPERATOR_LABELS[operator]} ({operator})
                    </option>
                  ))}
                </select>
                <input
                  className={inputClass}
                  aria-label={`Filter ${index + 1} value`}
                  placeholder='value (42, true, "text")'
                  value={row.value}
                  onChange={(event) => updateRow(index, { value: event.target.value })}
                />
                <Button
                  variant="ghost"
                  size="sm"
                  aria-label={`Remove filter ${index + 1}`}
                  onClick={() => setRows(rows.filter((_, i) => i !== index))}
                >
                  ✕
                </Button>
              </div>
              {errors.filter?.row === index ? (
                <p role="alert" className="text-xs text-danger">
                  {errors.filter.message}
                </p>
              ) : null}
            </div>
          ))}
          <div className="flex items-center gap-3">
            <Button variant="secondary" size="sm" onClick={() => setRows([...rows, { key: "", operator: "eq", value: "" }])}>
              Add filter
            </Button>
            {rows.length > 1 ? (
              <select
                aria-label="Combine filters with"
                className={`${inputClass} w-auto`}
                value={join}
                onChange={(event) => setJoin(event.target.value as "and" | "or")}
              >
                <option value="and">All must match (and)</option>
                <option value="or">Any may match (or)</option>
              </select>
            ) : null}
          </div>
        </fieldset>
      </form>

      {search.isError ? <Alert>The search failed: {describeApiError(search.error)}</Alert> : null}
      {search.data ? (
        search.data.results.length ? (
          <ol aria-label="Search results" className="flex flex-col gap-3">
            {search.data.results.map((result, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: one file may give several chunks; the rank is the identity
              <li key={`${result.file_id}-${index}`} className="rounded-md border border-border px-3 py-2">
                <div className="flex items-baseline justify-between gap-2 text-sm">
                  <span className="font-medium">
                    {index + 1}. {result.filename}
                  </span>
                  <span className="font-mono text-xs text-fg-muted" title="score">
                    score {result.score.toFixed(2)}
                  </span>
                </div>
                <p className="mt-1 whitespace-pre-wrap text-sm text-fg-muted">
                  <Highlighted text={result.content.map((part) => part.text).join("\n")} query={search.data.query} />
                </p>
              </li>
            ))}
          </ol>
        ) : (
          <p className="text-sm text-fg-muted" role="status">
            Nothing in this store matches that query{rows.length ? " and those filters" : ""}.
          </p>
        )
      ) : null}
    </section>
  );
}
