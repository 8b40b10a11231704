"use client";

import { inputClass } from "@/components/ui/field";
import { looksLikeReasoningModel, type PlaygroundParams, REASONING_EFFORTS, REASONING_SUMMARIES } from "@/lib/playground/state";

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
  const outOfRange = props.value !== null && (props.value < props.min || props.value > props.max);
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
        aria-invalid={outOfRange || undefined}
        value={props.value ?? ""}
        onChange={(event) => props.onChange(event.target.value === "" ? null : Number(event.target.value))}
      />
      <p className={`text-xs ${outOfRange ? "text-danger" : "text-fg-muted"}`}>
        {outOfRange ? `The API takes ${props.min} to ${props.max}; it would refuse this.` : props.hint}
      </p>
    </div>
  );
}

function ChoiceSetting<T extends string>(props: {
  label: string;
  value: T | null;
  options: readonly T[];
  onChange: (value: T | null) => void;
  hint: string;
}) {
  const id = `param-${props.label.toLowerCase().replace(/\W+/g, "-")}`;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {props.label}
      </label>
      <select
        id={id}
        className={inputClass}
        value={props.value ?? ""}
        onChange={(event) => props.onChange((event.target.value || null) as T | null)}
      >
        <option value="">Model's default</option>
        {props.options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
      <p className="text-xs text-fg-muted">{props.hint}</p>
    </div>
  );
}

export function SettingsPanel({
  api,
  model,
  params,
  onChange,
}: {
  api: "responses" | "chat";
  model: string;
  params: PlaygroundParams;
  onChange: (params: PlaygroundParams) => void;
}) {
  const reasoning = looksLikeReasoningModel(model);
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
        hint={
          reasoning ? "Reasoning models usually refuse temperature: leave it empty." : "0–2: lower is more focused, higher more varied."
        }
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
      {reasoning ? (
        <>
          <ChoiceSetting
            label="Reasoning effort"
            value={params.reasoningEffort}
            options={REASONING_EFFORTS}
            onChange={(reasoningEffort) => onChange({ ...params, reasoningEffort })}
            hint="More effort: better answers to hard questions, more reasoning tokens."
          />
          {api === "responses" ? (
            <ChoiceSetting
              label="Reasoning summary"
              value={params.reasoningSummary}
              options={REASONING_SUMMARIES}
              onChange={(reasoningSummary) => onChange({ ...params, reasoningSummary })}
              hint="A summary of the model's reasoning, folded under the answer."
            />
          ) : null}
        </>
      ) : null}
      {api === "chat" ? (
        <>
          <NumberSetting
            label="Seed"
            value={params.seed}
            onChange={(seed) => onChange({ ...params, seed: seed === null ? null : Math.trunc(seed) })}
            min={-9_007_199_254_740_991}
            max={9_007_199_254_740_991}
            step={1}
            placeholder="None"
            hint="The same seed and setup tend to give the same answer."
          />
          <div className="flex flex-col gap-1">
            <label htmlFor="param-stop" className="text-sm font-medium">
              Stop sequences
            </label>
            <textarea
              id="param-stop"
              className={`${inputClass} h-auto min-h-14 py-1.5 font-mono text-xs`}
              placeholder="One per line (up to 4)"
              value={params.stop.join("\n")}
              onChange={(event) => onChange({ ...params, stop: event.target.value.split("\n").slice(0, 4) })}
            />
            <p className="text-xs text-fg-muted">The answer ends before any of these.</p>
          </div>
          <NumberSetting
            label="Frequency penalty"
            value={params.frequencyPenalty}
            onChange={(frequencyPenalty) => onChange({ ...params, frequencyPenalty })}
            min={-2}
            max={2}
            step={0.1}
            placeholder="0 (default)"
            hint="−2–2: above 0 repeats words less often."
          />
          <NumberSetting
            label="Presence penalty"
            value={params.presencePenalty}
            onChange={(presencePenalty) => onChange({ ...params, presencePenalty })}
            min={-2}
            max={2}
            step={0.1}
            placeholder="0 (default)"
            hint="−2–2: above 0 moves on to new topics."
          />
        </>
      ) : (
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
      )}
    </section>
  );
}
