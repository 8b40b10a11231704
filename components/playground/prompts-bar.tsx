"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { inputClass } from "@/components/ui/field";
import { describeApiError } from "@/lib/client/openai";
import { usePrompts, usePromptVersions, useSavePrompt } from "@/lib/client/playground-hooks";
import type { PlaygroundSetup } from "@/lib/playground/state";

export interface OpenPrompt {
  id: string;
  name: string;
  version: number;
}

export function promptLink(projectId: string, prompt: OpenPrompt): string {
  return `${window.location.origin}/${projectId}/playground?prompt=${encodeURIComponent(prompt.id)}&version=${prompt.version}`;
}

/** Save the setup as a named prompt (a new version each time), open one, and copy a link to share it. */
export function PromptsBar({
  projectId,
  setup,
  current,
  canSave,
  onOpen,
  onSaved,
}: {
  projectId: string;
  setup: PlaygroundSetup;
  current: OpenPrompt | null;
  canSave: boolean;
  onOpen: (promptId: string, version: number | null) => void;
  onSaved: (prompt: OpenPrompt) => void;
}) {
  const prompts = usePrompts(projectId);
  const versions = usePromptVersions(projectId, current?.id ?? null);
  const save = useSavePrompt(projectId);
  const [name, setName] = useState(current?.name ?? "");
  const [copied, setCopied] = useState(false);
  const [shownFor, setShownFor] = useState(current?.id);
  if (current?.id !== shownFor) {
    setShownFor(current?.id);
    setName(current?.name ?? "");
  }

  return (
    <section aria-label="Saved prompts" className="flex flex-wrap items-end gap-2 rounded-lg border border-border bg-surface p-2">
      <label className="flex flex-col gap-1 text-xs font-medium">
        Open a saved prompt
        <select
          className={cn(inputClass, "h-8 w-52 text-xs")}
          value={current?.id ?? ""}
          onChange={(event) => event.target.value && onOpen(event.target.value, null)}
          disabled={prompts.isPending}
        >
          <option value="">{prompts.isPending ? "Loading…" : prompts.data?.length ? "Choose…" : "None saved yet"}</option>
          {prompts.data?.map((prompt) => (
            <option key={prompt.id} value={prompt.id}>
              {prompt.name} (v{prompt.latestVersion})
            </option>
          ))}
        </select>
      </label>
      {current ? (
        <label className="flex flex-col gap-1 text-xs font-medium">
          Version
          <select
            className={cn(inputClass, "h-8 w-24 text-xs")}
            value={current.version}
            onChange={(event) => onOpen(current.id, Number(event.target.value))}
          >
            {(versions.data?.versions ?? [{ version: current.version }]).map((v) => (
              <option key={v.version} value={v.version}>
                v{v.version}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <form
        className="flex items-end gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate({ name: name.trim(), setup }, { onSuccess: (saved) => onSaved(saved) });
        }}
      >
        <label className="flex flex-col gap-1 text-xs font-medium">
          Prompt name
          <input
            className={cn(inputClass, "h-8 w-48 text-xs")}
            value={name}
            onChange={(event) => setName(event.target.value)}
            placeholder="e.g. Support triage"
          />
        </label>
        <Button type="submit" size="sm" variant="secondary" disabled={!canSave || !name.trim()} loading={save.isPending}>
          {current && name.trim() === current.name ? "Save new version" : "Save"}
        </Button>
      </form>
      {current ? (
        <Button
          size="sm"
          variant="ghost"
          onClick={() =>
            void navigator.clipboard?.writeText(promptLink(projectId, current)).then(() => {
              setCopied(true);
              setTimeout(() => setCopied(false), 1500);
            })
          }
        >
          {copied ? "Link copied" : "Copy link"}
        </Button>
      ) : null}
      {current ? (
        <span className="text-xs text-fg-muted" aria-live="polite">
          {current.name} · v{current.version}
        </span>
      ) : null}
      {save.isError ? <p className="w-full text-xs text-danger">Not saved: {describeApiError(save.error)}</p> : null}
      {prompts.isError ? <p className="w-full text-xs text-danger">Saved prompts did not load: {describeApiError(prompts.error)}</p> : null}
    </section>
  );
}
