"use client";

import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { inputClass } from "@/components/ui/field";
import { projectOpenAI } from "@/lib/client/openai";
import { usePrices } from "@/lib/client/playground-hooks";
import type { UpstreamFailure } from "@/lib/playground/error-advice";
import { newId, type PlaygroundSetup } from "@/lib/playground/state";
import { AnswerView } from "./answer-view";
import { ErrorNotice, failureOf } from "./error-notice";
import { emptyProgress, runTurn, type TurnProgress, type TurnResult } from "./run-turn";
import { costLabel, TurnStats } from "./turn-stats";

// The same conversation against two to four models or parameter sets, streamed side by side. A
// compare never changes the conversation; each column is a fresh, unchained turn.

interface Slot {
  id: string;
  model: string;
  temperature: number | null;
}

interface Column {
  live: TurnProgress | null;
  result: TurnResult | null;
  failure: UpstreamFailure | null;
}

export function CompareView({
  projectId,
  setup,
  models,
  canRun,
}: {
  projectId: string;
  /** The setup with the draft message already added. */
  setup: PlaygroundSetup;
  models: string[];
  canRun: boolean;
}) {
  const [slots, setSlots] = useState<Slot[]>(() => [
    { id: newId(), model: setup.model, temperature: setup.params.temperature },
    { id: newId(), model: models.find((m) => m !== setup.model) ?? setup.model, temperature: setup.params.temperature },
  ]);
  const [columns, setColumns] = useState<Record<string, Column>>({});
  const [running, setRunning] = useState(false);
  const abort = useRef<AbortController | null>(null);
  const pending = useRef<Record<string, TurnProgress>>({});
  const frame = useRef<number | null>(null);
  const prices = usePrices(
    projectId,
    slots.map((slot) => slot.model),
  );

  const flush = () => {
    frame.current = null;
    const updates = pending.current;
    pending.current = {};
    setColumns((current) => {
      const next = { ...current };
      for (const [id, live] of Object.entries(updates)) next[id] = { ...next[id], live };
      return next;
    });
  };

  const run = async () => {
    if (running || !setup.messages.length) return;
    const controller = new AbortController();
    abort.current = controller;
    setRunning(true);
    setColumns(Object.fromEntries(slots.map((slot) => [slot.id, { live: emptyProgress(), result: null, failure: null }])));
    await Promise.all(
      slots.map(async (slot) => {
        const slotSetup = { ...setup, model: slot.model, params: { ...setup.params, temperature: slot.temperature } };
        let column: Column;
        try {
          const result = await runTurn(projectOpenAI(projectId), slotSetup, null, 0, {
            signal: controller.signal,
            onProgress: (progress) => {
              pending.current[slot.id] = progress;
              frame.current ??= requestAnimationFrame(flush);
            },
          });
          column = { live: null, result, failure: null };
        } catch (error) {
          column = { live: null, result: null, failure: failureOf(error) };
        }
        delete pending.current[slot.id];
        setColumns((current) => ({ ...current, [slot.id]: column }));
      }),
    );
    setRunning(false);
    abort.current = null;
  };

  const setSlot = (id: string, change: Partial<Slot>) => setSlots(slots.map((slot) => (slot.id === id ? { ...slot, ...change } : slot)));

  return (
    <section aria-label="Compare" className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-2">
        <p className="text-xs text-fg-muted">
          Runs the conversation ({setup.messages.length} message{setup.messages.length === 1 ? "" : "s"}, your message included) against
          each column at once.
        </p>
        <div className="ml-auto flex gap-2">
          <Button
            size="sm"
            variant="secondary"
            disabled={slots.length >= 4 || running}
            onClick={() => setSlots([...slots, { id: newId(), model: setup.model, temperature: setup.params.temperature }])}
          >
            Add column
          </Button>
          {running ? (
            <Button size="sm" variant="danger" onClick={() => abort.current?.abort()}>
              Stop all
            </Button>
          ) : (
            <Button size="sm" onClick={() => void run()} disabled={!canRun || !setup.messages.length}>
              Run all
            </Button>
          )}
        </div>
      </div>
      <div
        className={`grid gap-3 ${slots.length === 2 ? "grid-cols-2" : slots.length === 3 ? "grid-cols-3" : "grid-cols-2 xl:grid-cols-4"}`}
      >
        {slots.map((slot, i) => {
          const column = columns[slot.id];
          const label = `Column ${i + 1}`;
          return (
            <fieldset
              key={slot.id}
              aria-label={label}
              className="flex min-w-0 flex-col gap-2 rounded-lg border border-border bg-surface p-3"
            >
              <div className="flex items-center gap-2">
                <select
                  aria-label={`${label} model`}
                  className={`${inputClass} h-8 text-xs`}
                  value={slot.model}
                  disabled={running}
                  onChange={(event) => setSlot(slot.id, { model: event.target.value })}
                >
                  {(models.includes(slot.model) ? models : [slot.model, ...models]).map((m) => (
                    <option key={m}>{m}</option>
                  ))}
                </select>
                <input
                  aria-label={`${label} temperature`}
                  type="number"
                  min={0}
                  max={2}
                  step={0.1}
                  placeholder="temp."
                  className={cn(inputClass, "h-8 w-20 text-xs")}
                  value={slot.temperature ?? ""}
                  disabled={running}
                  onChange={(event) => setSlot(slot.id, { temperature: event.target.value === "" ? null : Number(event.target.value) })}
                />
                {slots.length > 2 ? (
                  <button
                    type="button"
                    aria-label={`Remove ${label.toLowerCase()}`}
                    className="rounded px-1 text-xs text-danger hover:bg-surface-2"
                    disabled={running}
                    onClick={() => setSlots(slots.filter((s) => s.id !== slot.id))}
                  >
                    ×
                  </button>
                ) : null}
              </div>
              <section aria-label={`${label} answer`} aria-busy={column?.live ? true : undefined} className="min-h-16">
                {column?.live ? <AnswerView {...column.live} format={setup.format} final={false} /> : null}
                {column?.result ? <AnswerView {...column.result} format={setup.format} final /> : null}
                {column?.failure ? <ErrorNotice failure={column.failure} /> : null}
                {!column ? <p className="text-xs text-fg-muted">Not run yet.</p> : null}
              </section>
              {column?.result ? (
                <TurnStats
                  compact
                  label={`${label} stats`}
                  result={column.result}
                  cost={costLabel(
                    column.result,
                    prices.data?.get(column.result.model ?? slot.model) ?? prices.data?.get(slot.model),
                    prices.isPending,
                  )}
                />
              ) : null}
            </fieldset>
          );
        })}
      </div>
    </section>
  );
}
