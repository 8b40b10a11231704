"use client";

import { inputClass } from "@/components/ui/field";
import type { MessageRole, PlaygroundMessage } from "@/lib/playground/state";
import { Markdown } from "./markdown";

const ROLES: MessageRole[] = ["user", "assistant", "developer", "system"];

export function MessageEditor({
  message,
  index,
  count,
  onChange,
  onDelete,
  onMove,
}: {
  message: PlaygroundMessage;
  index: number;
  count: number;
  onChange: (message: PlaygroundMessage) => void;
  onDelete: () => void;
  onMove: (offset: -1 | 1) => void;
}) {
  const label = `Message ${index + 1}`;
  return (
    <li aria-label={label} className="flex flex-col gap-2 rounded-lg border border-border bg-surface p-3">
      <div className="flex items-center gap-2">
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
        <details className="group">
          <summary className="cursor-pointer text-xs text-fg-muted">Rendered · click to edit the text</summary>
          <textarea
            aria-label={`${label} text`}
            className={`${inputClass} mt-2 h-auto min-h-20 py-2`}
            value={message.content}
            onChange={(event) => onChange({ ...message, content: event.target.value })}
          />
        </details>
      ) : (
        <textarea
          aria-label={`${label} text`}
          className={`${inputClass} h-auto min-h-16 py-2`}
          value={message.content}
          onChange={(event) => onChange({ ...message, content: event.target.value })}
        />
      )}
      {message.role === "assistant" ? <Markdown text={message.content} /> : null}
    </li>
  );
}
