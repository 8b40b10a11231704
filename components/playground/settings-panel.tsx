"use client";

import { inputClass } from "@/components/ui/field";
import type { PlaygroundParams } from "@/lib/playground/state";

// The parameters of a turn. Empty means "the model's default", shown as the placeholder.

function NumberSetting(props: {
  label: string;
  value: number | null;
  onChange: (value: number | null) => void;
  min: number;
  max: number;
  step: number;
  placeholder: string;
  hint: string;
}) {
  const id = `param-${props.label.toLowerCase().replace(/\W+/g, "-")}`;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {props.label}
      </label>
      <input
        id={id}
        type="number"
        className={inputClass}
        min={props.min}
        max={props.max}
        step={props.step}
        placeholder={props.placeholder}
        value={props.value ?? ""}
        onChange={(event) => props.onChange(event.target.value === "" ? null : Number(event.target.value))}
      />
      <p className="text-xs text-fg-muted">{props.hint}</p>
    </div>
  );
}

export function SettingsPanel({
  api,
  params,
  onChange,
}: {
  api: "responses" | "chat";
  params: PlaygroundParams;
  onChange: (params: PlaygroundParams) => void;
}) {
  return (
    <section aria-label="Parameters" className="flex flex-col gap-4">
      <h2 className="text-sm font-semibold">Parameters</h2>
      <NumberSetting
        label="Temperature"
        value={params.temperature}
        onChange={(temperature) => onChange({ ...params, temperature })}
        min={0}
        max={2}
        step={0.1}
        placeholder="1 (default)"
        hint="0–2: lower is more focused, higher more varied."
      />
      <NumberSetting
        label="Top P"
        value={params.topP}
        onChange={(topP) => onChange({ ...params, topP })}
        min={0}
        max={1}
        step={0.05}
        placeholder="1 (default)"
        hint="0–1: sample only from the most likely tokens."
      />
      <NumberSetting
        label="Max output tokens"
        value={params.maxOutputTokens}
        onChange={(maxOutputTokens) => onChange({ ...params, maxOutputTokens })}
        min={1}
        max={1_000_000}
        step={1}
        placeholder="Model's limit"
        hint="The answer stops here (reasoning tokens count too)."
      />
      {api === "responses" ? (
        <label className="flex items-start gap-2 text-sm">
          <input
            type="checkbox"
            className="mt-1"
            checked={params.store}
            onChange={(event) => onChange({ ...params, store: event.target.checked })}
          />
          <span>
            <span className="font-medium">Store responses</span>
            <span className="block text-xs text-fg-muted">Kept upstream, so the next turn continues with previous_response_id.</span>
          </span>
        </label>
      ) : null}
    </section>
  );
}
