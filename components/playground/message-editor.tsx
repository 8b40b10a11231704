"use client";

import { inputClass } from "@/components/ui/field";
import type { MessageRole, PlaygroundFormat, PlaygroundMessage } from "@/lib/playground/state";
import { AnswerView } from "./answer-view";
import { ImageAttach } from "./image-attach";

const ROLES: MessageRole[] = ["user", "assistant", "developer", "system"];

export function MessageEditor({
  message,
  index,
  count,
  format,
  onChange,
  onDelete,
  onMove,
}: {
  message: PlaygroundMessage;
  index: number;
  count: number;
  format: PlaygroundFormat;
  onChange: (message: PlaygroundMessage) => void;
  onDelete: () => void;
  onMove: (offset: -1 | 1) => void;
}) {
  const label = `Message ${index + 1}`;
  const isTool = message.role === "tool";
  return (
    <li
      aria-label={label}
      className={`flex flex-col gap-2 rounded-lg border bg-surface p-3 ${isTool && !message.content ? "border-warning" : "border-border"}`}
    >
      <div className="flex items-center gap-2">
        {isTool ? (
          <span className="text-xs font-medium">
            <span className="uppercase tracking-wide">tool</span> · output of <span className="font-mono">{message.toolName}</span>{" "}
            <span className="font-mono text-fg-muted">{message.toolCallId}</span>
          </span>
        ) : (
          <select
            aria-label={`${label} role`}
            className="h-7 rounded border border-border bg-surface px-1 text-xs font-medium uppercase tracking-wide"
            value={message.role}
            onChange={(event) => onChange({ ...message, role: event.target.value as MessageRole })}
          >
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {role}
              </option>
            ))}
          </select>
        )}
        <div className="ml-auto flex items-center gap-1 text-xs">
          <button
            type="button"
            className="rounded px-1.5 py-0.5 hover:bg-surface-2 disabled:opacity-40"
            disabled={index === 0}
            onClick={() => onMove(-1)}
            aria-label={`Move ${label.toLowerCase()} up`}
          >
            ↑
          </button>
          <button
            type="button"
            className="rounded px-1.5 py-0.5 hover:bg-surface-2 disabled:opacity-40"
            disabled={index === count - 1}
            onClick={() => onMove(1)}
            aria-label={`Move ${label.toLowerCase()} down`}
          >
            ↓
          </button>
          <button
            type="button"
            className="rounded px-1.5 py-0.5 text-danger hover:bg-surface-2"
            onClick={onDelete}
            aria-label={`Delete ${label.toLowerCase()}`}
          >
            Delete
          </button>
        </div>
      </div>
      {message.role === "assistant" ? (
        <>
          <AnswerView text={message.content} reasoning={message.reasoning} toolCalls={message.toolCalls} format={format} final />
          <details>
            <summary className="cursor-pointer text-xs text-fg-muted">Edit the text</summary>
            <textarea
              aria-label={`${label} text`}
              className={`${inputClass} mt-2 h-auto min-h-20 py-2`}
              value={message.content}
              onChange={(event) => onChange({ ...message, content: event.target.value })}
            />
          </details>
        </>
      ) : (
        <textarea
          aria-label={isTool ? `Output of ${message.toolName}` : `${label} text`}
          className={`${inputClass} h-auto min-h-16 py-2 ${isTool ? "font-mono text-xs" : ""}`}
          placeholder={isTool ? "Type or paste what the function returned, then run (Ctrl+Enter)" : undefined}
          value={message.content}
          onChange={(event) => onChange({ ...message, content: event.target.value })}
        />
      )}
      {message.role === "user" ? (
        <ImageAttach label={label} images={message.images ?? []} onChange={(images) => onChange({ ...message, images })} />
      ) : null}
    </li>
  );
}
