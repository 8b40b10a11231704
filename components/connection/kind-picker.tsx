"use client";

import { cn } from "@/components/ui/cn";
import type { UpstreamKindName } from "@/lib/connection/schema";

export const KIND_OPTIONS: { kind: UpstreamKindName; label: string; description: string }[] = [
  {
    kind: "sandbox",
    label: "Sandbox",
    description: "Built into Switchboard: deterministic sandbox models that need no key and no network. Not a real model.",
  },
  { kind: "openai", label: "OpenAI", description: "OpenAI's API at api.openai.com, with a key from platform.openai.com." },
  { kind: "azure", label: "Azure OpenAI", description: "An Azure OpenAI or AI Foundry resource, with its key and deployments." },
  {
    kind: "compatible",
    label: "OpenAI-compatible",
    description: "Any server that speaks the OpenAI API: vLLM, Ollama, LM Studio, LiteLLM…",
  },
];

/** Radio cards: arrow keys move between them, as in any radio group. */
export function KindPicker({ value, onChange }: { value: UpstreamKindName; onChange: (kind: UpstreamKindName) => void }) {
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="mb-2 text-sm font-medium">Upstream</legend>
      <div className="grid gap-3 sm:grid-cols-2">
        {KIND_OPTIONS.map((option) => (
          <label
            key={option.kind}
            className={cn(
              "flex cursor-pointer items-start gap-3 rounded-lg border border-border bg-surface p-3 hover:bg-surface-2",
              "has-[:checked]:border-accent has-[:checked]:bg-accent/5 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-ring",
              "has-[:disabled]:cursor-not-allowed has-[:disabled]:opacity-60",
            )}
          >
            <input
              type="radio"
              name="kind"
              value={option.kind}
              checked={value === option.kind}
              onChange={() => onChange(option.kind)}
              aria-labelledby={`kind-${option.kind}-label`}
              aria-describedby={`kind-${option.kind}-note`}
              className="mt-1 accent-[var(--accent)] focus-visible:outline-none"
            />
            <span className="flex flex-col gap-0.5">
              <span id={`kind-${option.kind}-label`} className="text-sm font-medium">
                {option.label}
              </span>
              <span id={`kind-${option.kind}-note`} className="text-xs text-fg-muted">
                {option.description}
              </span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
