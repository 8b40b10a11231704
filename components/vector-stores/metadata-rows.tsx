"use client";

import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { METADATA_KEY_MAX, METADATA_MAX_PAIRS, METADATA_VALUE_MAX, type MetadataRow } from "@/lib/vector-stores/settings";

/** Key/value rows for metadata, each with its own error under it. */
export function MetadataRows({
  rows,
  errors,
  onChange,
}: {
  rows: MetadataRow[];
  errors: Record<number, string>;
  onChange: (rows: MetadataRow[]) => void;
}) {
  const update = (index: number, patch: Partial<MetadataRow>) => onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="mb-1.5 text-sm font-medium">Metadata</legend>
      {rows.map((row, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity beyond their place
        <div key={index} className="flex flex-col gap-1">
          <div className="flex gap-2">
            <input
              className={inputClass}
              aria-label={`Metadata key ${index + 1}`}
              placeholder="key"
              maxLength={METADATA_KEY_MAX + 1}
              value={row.key}
              aria-invalid={errors[index] ? true : undefined}
              onChange={(event) => update(index, { key: event.target.value })}
            />
            <input
              className={inputClass}
              aria-label={`Metadata value ${index + 1}`}
              placeholder="value"
              maxLength={METADATA_VALUE_MAX + 1}
              value={row.value}
              aria-invalid={errors[index] ? true : undefined}
              onChange={(event) => update(index, { value: event.target.value })}
            />
            <Button
              variant="ghost"
              size="sm"
              aria-label={`Remove metadata row ${index + 1}`}
              onClick={() => onChange(rows.filter((_, i) => i !== index))}
            >
              ✕
            </Button>
          </div>
          {errors[index] ? (
            <p role="alert" className="text-xs text-danger">
              {errors[index]}
            </p>
          ) : null}
        </div>
      ))}
      <div>
        <Button
          variant="secondary"
          size="sm"
          disabled={rows.length >= METADATA_MAX_PAIRS}
          onClick={() => onChange([...rows, { key: "", value: "" }])}
        >
          Add metadata
        </Button>
        <span className="ml-2 text-xs text-fg-muted">
          Up to {METADATA_MAX_PAIRS} pairs; keys up to {METADATA_KEY_MAX} characters, values up to {METADATA_VALUE_MAX}.
        </span>
      </div>
    </fieldset>
  );
}
