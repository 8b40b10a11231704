"use client";

import { Fragment, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/field";
import { Spinner } from "@/components/ui/spinner";
import { Table, Td, Th } from "@/components/ui/table";
import { ApiError } from "@/lib/client/api";
import { formNumber } from "@/lib/validation/common";
import { type PriceRow, useAddPrice, usePrices } from "./hooks";

const usd = (n: number | null) => (n === null ? "—" : `$${n.toLocaleString("en-US", { maximumFractionDigits: 4 })}`);

export function PricesTable() {
  const prices = usePrices();
  const [editing, setEditing] = useState<{ model: string; current: PriceRow | null } | null>(null);
  const [expanded, setExpanded] = useState<string | null>(null);
  if (prices.isPending) return <Spinner label="Loading prices…" />;
  if (prices.isError) return <Alert>{prices.error.message}</Alert>;
  return (
    <div className="flex flex-col gap-6">
      {prices.data.unpriced.length ? (
        <Card
          title="Unpriced models"
          description="Requests were made with these models, and no price covers them: their cost is shown as unpriced, never as $0."
        >
          <ul className="flex flex-col gap-2 text-sm">
            {prices.data.unpriced.map((u) => (
              <li key={u.model} className="flex items-center gap-3">
                <span className="font-mono">{u.model}</span>
                <Badge tone="warning">
                  {u.requests} unpriced {u.requests === 1 ? "request" : "requests"}
                </Badge>
                <Button size="sm" variant="secondary" onClick={() => setEditing({ model: u.model, current: null })}>
                  Set a price
                </Button>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
      <div className="flex justify-end">
        <Button onClick={() => setEditing({ model: "", current: null })}>Add a model</Button>
      </div>
      <Table label="Prices">
        <thead>
          <tr>
            <Th>Model</Th>
            <Th className="text-right">Input / 1M</Th>
            <Th className="text-right">Cached input / 1M</Th>
            <Th className="text-right">Output / 1M</Th>
            <Th className="text-right">Batch discount</Th>
            <Th>In effect since</Th>
            <Th>
              <span className="sr-only">Actions</span>
            </Th>
          </tr>
        </thead>
        <tbody>
          {prices.data.models.map(({ model, current, history }) => (
            <Fragment key={model}>
              <tr>
                <Td className="font-mono text-xs">{model}</Td>
                <Td className="text-right tabular-nums">{usd(current?.inputUsdPerMillion ?? null)}</Td>
                <Td className="text-right tabular-nums">
                  {current?.cachedInputUsdPerMillion === null ? "same as input" : usd(current?.cachedInputUsdPerMillion ?? null)}
                </Td>
                <Td className="text-right tabular-nums">{usd(current?.outputUsdPerMillion ?? null)}</Td>
                <Td className="text-right tabular-nums">{current ? `${current.batchDiscountPercent}%` : "—"}</Td>
                <Td className="text-fg-muted">
                  {current
                    ? current.effectiveFrom.startsWith("2020-01-01")
                      ? "default"
                      : new Date(current.effectiveFrom).toLocaleString()
                    : "scheduled"}
                </Td>
                <Td className="whitespace-nowrap">
                  <Button
                    size="sm"
                    variant="ghost"
                    onClick={() => setEditing({ model, current })}
                    aria-label={`Change the price of ${model}`}
                  >
                    Change
                  </Button>
                  {history.length > 1 ? (
                    <Button
                      size="sm"
                      variant="ghost"
                      aria-expanded={expanded === model}
                      onClick={() => setExpanded(expanded === model ? null : model)}
                    >
                      History ({history.length})
                    </Button>
                  ) : null}
                </Td>
              </tr>
              {expanded === model
                ? history.map((row) => (
                    <tr key={row.id} className="bg-surface-2 text-xs">
                      <Td className="pl-8 text-fg-muted">
                        {row === current ? "in effect" : new Date(row.effectiveFrom) > new Date() ? "scheduled" : "earlier"}
                      </Td>
                      <Td className="text-right tabular-nums">{usd(row.inputUsdPerMillion)}</Td>
                      <Td className="text-right tabular-nums">{usd(row.cachedInputUsdPerMillion)}</Td>
                      <Td className="text-right tabular-nums">{usd(row.outputUsdPerMillion)}</Td>
                      <Td className="text-right tabular-nums">{row.batchDiscountPercent}%</Td>
                      <Td>{new Date(row.effectiveFrom).toLocaleString()}</Td>
                      <Td />
                    </tr>
                  ))
                : null}
            </Fragment>
          ))}
        </tbody>
      </Table>
      {editing ? <PriceDialog initial={editing} onClose={() => setEditing(null)} /> : null}
    </div>
  );
}

function PriceDialog({ initial, onClose }: { initial: { model: string; current: PriceRow | null }; onClose: () => void }) {
  const add = useAddPrice();
  const c = initial.current;
  const [form, setForm] = useState({
    model: initial.model,
    input: c ? String(c.inputUsdPerMillion) : "",
    cached: c?.cachedInputUsdPerMillion != null ? String(c.cachedInputUsdPerMillion) : "",
    output: c ? String(c.outputUsdPerMillion) : "",
    batch: c ? String(c.batchDiscountPercent) : "50",
  });
  const error = add.error instanceof ApiError ? add.error : add.error ? new ApiError(0, "unknown", add.error.message) : null;
  const field = (name: string) => (error?.field === name ? error.message : undefined);
  const set = (key: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [key]: e.target.value });
  return (
    <Dialog open onClose={onClose} title={initial.model ? `Price of ${initial.model}` : "Add a model"}>
      <form
        className="flex flex-col gap-4"
        onSubmit={(e) => {
          e.preventDefault();
          add.mutate(
            {
              model: form.model,
              inputUsdPerMillion: formNumber(form.input),
              cachedInputUsdPerMillion: formNumber(form.cached),
              outputUsdPerMillion: formNumber(form.output),
              batchDiscountPercent: formNumber(form.batch),
            },
            { onSuccess: onClose },
          );
        }}
      >
        {!initial.model ? <TextField label="Model id" value={form.model} onChange={set("model")} required error={field("model")} /> : null}
        <TextField
          label="Input, USD per 1M tokens"
          inputMode="decimal"
          value={form.input}
          onChange={set("input")}
          required
          error={field("inputUsdPerMillion")}
        />
        <TextField
          label="Cached input, USD per 1M tokens"
          inputMode="decimal"
          value={form.cached}
          onChange={set("cached")}
          hint="Empty: the same as input"
          error={field("cachedInputUsdPerMillion")}
        />
        <TextField
          label="Output, USD per 1M tokens"
          inputMode="decimal"
          value={form.output}
          onChange={set("output")}
          required
          error={field("outputUsdPerMillion")}
        />
        <TextField
          label="Batch discount (%)"
          type="number"
          min={0}
          max={100}
          value={form.batch}
          onChange={set("batch")}
          error={field("batchDiscountPercent")}
        />
        <p className="text-xs text-fg-muted">
          The new price applies from now on. Requests already recorded keep the cost they were recorded with.
        </p>
        {error && !error.field ? <Alert>{error.message}</Alert> : null}
        <DialogActions>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={add.isPending}>
            Save price
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
