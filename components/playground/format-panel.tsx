"use client";

import { cn } from "@/components/ui/cn";
import { inputClass } from "@/components/ui/field";
import { checkSchemaText, SCHEMA_EXAMPLES } from "@/lib/playground/schema-check";
import type { PlaygroundFormat } from "@/lib/playground/state";

// Structured output: plain text, JSON mode, or a JSON schema (checked as typed, with examples).

export function formatProblems(format: PlaygroundFormat): string[] {
  if (format.type !== "json_schema") return [];
  const problems = checkSchemaText(format.schema, { strict: format.strict, root: "object" }).problems;
  if (!/^[a-zA-Z0-9_-]{1,64}$/.test(format.name)) problems.unshift("The schema's name uses letters, digits, _ and - only.");
  return problems;
}

export function FormatPanel({ format, onChange }: { format: PlaygroundFormat; onChange: (format: PlaygroundFormat) => void }) {
  const problems = formatProblems(format);
  return (
    <section aria-label="Output format" className="flex flex-col gap-2">
      <h2 className="text-sm font-semibold">Output format</h2>
      <select
        aria-label="Format"
        className={inputClass}
        value={format.type}
        onChange={(event) => {
          const type = event.target.value as PlaygroundFormat["type"];
          const example = SCHEMA_EXAMPLES[0];
          onChange(
            type === "json_schema" && !format.schema.trim()
              ? { ...format, type, name: example.name, schema: JSON.stringify(example.schema, null, 2) }
              : { ...format, type },
          );
        }}
      >
        <option value="text">Text</option>
        <option value="json_object">JSON mode</option>
        <option value="json_schema">JSON schema</option>
      </select>
      {format.type === "json_object" ? (
        <p className="text-xs text-fg-muted">
          The reply is a JSON object. Say “JSON” in the instructions or messages: the API asks for it.
        </p>
      ) : null}
      {format.type === "json_schema" ? (
        <>
          <div className="flex gap-2">
            <input
              aria-label="Schema name"
              className={`${inputClass} h-8 font-mono text-xs`}
              value={format.name}
              onChange={(event) => onChange({ ...format, name: event.target.value })}
            />
            <select
              aria-label="Schema example"
              className={cn(inputClass, "h-8 w-32 text-xs")}
              value=""
              onChange={(event) => {
                const example = SCHEMA_EXAMPLES.find((e) => e.label === event.target.value);
                if (example) onChange({ ...format, name: example.name, schema: JSON.stringify(example.schema, null, 2) });
              }}
            >
              <option value="">Examples…</option>
              {SCHEMA_EXAMPLES.map((example) => (
                <option key={example.label}>{example.label}</option>
              ))}
            </select>
          </div>
          <textarea
            aria-label="JSON schema"
            aria-invalid={problems.length ? true : undefined}
            spellCheck={false}
            className={`${inputClass} h-auto min-h-40 py-1.5 font-mono text-xs`}
            value={format.schema}
            onChange={(event) => onChange({ ...format, schema: event.target.value })}
          />
          <label className="flex items-center gap-2 text-xs">
            <input type="checkbox" checked={format.strict} onChange={(event) => onChange({ ...format, strict: event.target.checked })} />
            Strict (the reply always matches the schema)
          </label>
          <div role="status" aria-label="Schema check" className="text-xs">
            {problems.length ? (
              <ul className="list-disc pl-4 text-danger">
                {problems.map((problem) => (
                  <li key={problem}>{problem}</li>
                ))}
              </ul>
            ) : (
              <span className="text-success">Schema OK{format.strict ? " for strict mode" : ""}</span>
            )}
          </div>
        </>
      ) : null}
    </section>
  );
}
