"use client";

import { memo } from "react";
import { checkReply, parseJsonText } from "@/lib/playground/schema-check";
import type { PlaygroundFormat, ToolCall } from "@/lib/playground/state";
import { Markdown } from "./markdown";
import type { FileSearchCall } from "./run-turn";

function prettyArguments(text: string): string {
  const parsed = parseJsonText(text);
  return parsed.ok ? JSON.stringify(parsed.value, null, 2) : text;
}

export function ToolCallView({ call }: { call: ToolCall }) {
  return (
    <section aria-label={`Call of ${call.name}`} className="rounded-md border border-border bg-surface-2 p-2 text-xs">
      <p className="font-medium">
        Calls <span className="font-mono">{call.name}</span> <span className="font-mono text-fg-muted">{call.callId}</span>
      </p>
      <pre className="mt-1 overflow-x-auto whitespace-pre-wrap font-mono">{prettyArguments(call.arguments) || "…"}</pre>
    </section>
  );
}

/** A JSON reply pretty-printed, with whether it parses and matches the schema. */
const StructuredReply = memo(function StructuredReply({ text, format, final }: { text: string; format: PlaygroundFormat; final: boolean }) {
  const schema = format.type === "json_schema" ? (parseJsonText(format.schema) as { ok: boolean; value?: unknown }) : null;
  const check = final ? checkReply(text, schema?.ok ? (schema.value as Record<string, unknown>) : null) : null;
  return (
    <div className="flex flex-col gap-1">
      <pre className="overflow-x-auto rounded-md bg-surface-2 p-3 font-mono text-[13px]">
        {check?.json !== undefined ? JSON.stringify(check.json, null, 2) : text}
      </pre>
      {check ? (
        <p role="status" aria-label="Reply check" className={`text-xs ${check.problems.length ? "text-danger" : "text-success"}`}>
          {check.problems.length
            ? `Does not match: ${check.problems.join("; ")}`
            : format.type === "json_schema"
              ? "Valid JSON, matches the schema"
              : "Valid JSON"}
        </p>
      ) : null}
    </div>
  );
});

export function AnswerView({
  text,
  reasoning,
  toolCalls,
  searches,
  format,
  final,
}: {
  text: string;
  reasoning?: string;
  toolCalls?: ToolCall[];
  searches?: FileSearchCall[];
  format: PlaygroundFormat;
  final: boolean;
}) {
  return (
    <div className="flex flex-col gap-2">
      {searches?.map((search) => (
        <p key={search.id} className="text-xs text-fg-muted">
          Searched the vector stores{search.queries.length ? ` for “${search.queries.join("”, “")}”` : ""} ({search.status})
        </p>
      ))}
      {toolCalls?.map((call, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a call's id may arrive after its first delta
        <ToolCallView key={i} call={call} />
      ))}
      {text ? (
        format.type !== "text" && (final || text.trimStart().startsWith("{")) ? (
          <StructuredReply text={text} format={format} final={final} />
        ) : (
          <Markdown text={text} />
        )
      ) : null}
      {reasoning ? (
        <details className="text-xs text-fg-muted">
          <summary className="cursor-pointer">Reasoning summary</summary>
          <div className="mt-1 whitespace-pre-wrap">{reasoning}</div>
        </details>
      ) : null}
    </div>
  );
}
