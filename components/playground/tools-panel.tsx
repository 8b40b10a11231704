"use client";

import Link from "next/link";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { describeApiError } from "@/lib/client/openai";
import { useVectorStores } from "@/lib/client/vector-store-hooks";
import { checkSchemaText, FUNCTION_EXAMPLE, functionNameProblem } from "@/lib/playground/schema-check";
import { type FunctionTool, newId, type PlaygroundApi, type PlaygroundTools } from "@/lib/playground/state";

// Function tools with their JSON-schema parameters, checked as they are typed (strict mode's rules
// when strict is on), and the built-in file_search over the upstream's vector stores.

export function functionProblems(tool: FunctionTool, others: string[]): string[] {
  const name = functionNameProblem(tool.name, others);
  const schema = checkSchemaText(tool.parameters, { strict: tool.strict, root: "object" });
  return [...(name ? [name] : []), ...schema.problems];
}

function FunctionEditor({
  tool,
  others,
  onChange,
  onDelete,
}: {
  tool: FunctionTool;
  others: string[];
  onChange: (tool: FunctionTool) => void;
  onDelete: () => void;
}) {
  const problems = functionProblems(tool, others);
  const label = `Function ${tool.name || "(unnamed)"}`;
  return (
    <li aria-label={label} className="flex flex-col gap-2 rounded-md border border-border bg-surface p-2">
      <div className="flex items-center gap-2">
        <input
          aria-label="Function name"
          className={`${inputClass} h-8 font-mono text-xs`}
          value={tool.name}
          placeholder="get_weather"
          onChange={(event) => onChange({ ...tool, name: event.target.value.trim() })}
        />
        <button
          type="button"
          className="rounded px-1.5 py-0.5 text-xs text-danger hover:bg-surface-2"
          onClick={onDelete}
          aria-label={`Delete ${label}`}
        >
          Delete
        </button>
      </div>
      <input
        aria-label="Function description"
        className={`${inputClass} h-8 text-xs`}
        value={tool.description}
        placeholder="What it does, for the model"
        onChange={(event) => onChange({ ...tool, description: event.target.value })}
      />
      <textarea
        aria-label="Function parameters (JSON schema)"
        aria-invalid={problems.length ? true : undefined}
        spellCheck={false}
        className={`${inputClass} h-auto min-h-32 py-1.5 font-mono text-xs`}
        value={tool.parameters}
        onChange={(event) => onChange({ ...tool, parameters: event.target.value })}
      />
      <label className="flex items-center gap-2 text-xs">
        <input type="checkbox" checked={tool.strict} onChange={(event) => onChange({ ...tool, strict: event.target.checked })} />
        Strict (arguments always match the schema)
      </label>
      <div role="status" aria-label={`${label} check`} className="text-xs">
        {problems.length ? (
          <ul className="list-disc pl-4 text-danger">
            {problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        ) : (
          <span className="text-success">Schema OK{tool.strict ? " for strict mode" : ""}</span>
        )}
      </div>
    </li>
  );
}

function VectorStorePicker({
  projectId,
  selected,
  onChange,
}: {
  projectId: string;
  selected: string[];
  onChange: (ids: string[]) => void;
}) {
  const stores = useVectorStores(projectId);
  const loaded = stores.data?.pages.flatMap((page) => page.data) ?? [];
  const unknown = selected.filter((id) => !loaded.some((store) => store.id === id));
  const toggle = (id: string, on: boolean) => onChange(on ? [...selected, id] : selected.filter((s) => s !== id));
  if (stores.isPending) return <p className="text-xs text-fg-muted">Loading vector stores…</p>;
  if (stores.isError)
    return <p className="text-xs text-danger">The upstream did not list its vector stores: {describeApiError(stores.error)}</p>;
  return (
    <fieldset className="flex flex-col gap-1">
      <legend className="mb-1 text-xs text-fg-muted">Search these vector stores</legend>
      {loaded.length === 0 && unknown.length === 0 ? (
        <p className="text-xs text-fg-muted">
          No vector stores on this upstream yet.{" "}
          <Link className="text-accent underline" href={`/${projectId}/vector-stores`}>
            Create one
          </Link>
        </p>
      ) : null}
      {[...unknown.map((id) => ({ id, name: id })), ...loaded.map((store) => ({ id: store.id, name: store.name || store.id }))].map(
        (store) => (
          <label key={store.id} className="flex items-center gap-2 text-xs">
            <input type="checkbox" checked={selected.includes(store.id)} onChange={(event) => toggle(store.id, event.target.checked)} />
            <span className="truncate" title={store.id}>
              {store.name}
            </span>
          </label>
        ),
      )}
      {stores.hasNextPage ? (
        <Button size="sm" variant="ghost" onClick={() => void stores.fetchNextPage()} loading={stores.isFetchingNextPage}>
          More stores
        </Button>
      ) : null}
    </fieldset>
  );
}

export function ToolsPanel({
  projectId,
  api,
  tools,
  onChange,
}: {
  projectId: string;
  api: PlaygroundApi;
  tools: PlaygroundTools;
  onChange: (tools: PlaygroundTools) => void;
}) {
  const setFunction = (next: FunctionTool) => onChange({ ...tools, functions: tools.functions.map((f) => (f.id === next.id ? next : f)) });
  const addFunction = () => {
    const taken = new Set(tools.functions.map((f) => f.name));
    let name = "get_weather";
    for (let i = 2; taken.has(name); i++) name = `get_weather_${i}`;
    const tool: FunctionTool = {
      id: newId(),
      name,
      description: "The current weather in a city",
      parameters: JSON.stringify(FUNCTION_EXAMPLE, null, 2),
      strict: true,
    };
    onChange({ ...tools, functions: [...tools.functions, tool] });
  };
  return (
    <section aria-label="Tools" className="flex flex-col gap-3">
      <div className="flex items-center justify-between">
        <h2 className="text-sm font-semibold">Tools</h2>
        <Button size="sm" variant="secondary" onClick={addFunction}>
          Add function
        </Button>
      </div>
      {tools.functions.length ? (
        <ul className="flex flex-col gap-2">
          {tools.functions.map((tool) => (
            <FunctionEditor
              key={tool.id}
              tool={tool}
              others={tools.functions.filter((f) => f.id !== tool.id).map((f) => f.name)}
              onChange={setFunction}
              onDelete={() => onChange({ ...tools, functions: tools.functions.filter((f) => f.id !== tool.id) })}
            />
          ))}
        </ul>
      ) : (
        <p className="text-xs text-fg-muted">No functions. The model calls one when it needs it; you type what it returns.</p>
      )}
      {api === "responses" ? (
        <div className="flex flex-col gap-2">
          <label className="flex items-center gap-2 text-sm font-medium">
            <input
              type="checkbox"
              checked={tools.fileSearch.enabled}
              onChange={(event) => onChange({ ...tools, fileSearch: { ...tools.fileSearch, enabled: event.target.checked } })}
            />
            File search
          </label>
          {tools.fileSearch.enabled ? (
            <VectorStorePicker
              projectId={projectId}
              selected={tools.fileSearch.vectorStoreIds}
              onChange={(vectorStoreIds) => onChange({ ...tools, fileSearch: { ...tools.fileSearch, vectorStoreIds } })}
            />
          ) : null}
        </div>
      ) : (
        <p className="text-xs text-fg-muted">File search is a Responses tool: switch the API to use it.</p>
      )}
    </section>
  );
}
