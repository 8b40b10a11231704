"use client";

import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";

export interface MetadataRow {
  key: string;
  value: string;
}

/** The API's limits on metadata: 16 pairs, keys up to 64 characters, values up to 512. */
export function metadataProblem(rows: readonly MetadataRow[]): string | null {
  const filled = rows.filter((row) => row.key || row.value);
  if (filled.length > 16) return "At most 16 metadata pairs.";
  const keys = new Set<string>();
  for (const row of filled) {
    if (!row.key) return "Every metadata value needs a key.";
    if (row.key.length > 64) return `The key "${row.key.slice(0, 20)}…" is longer than 64 characters.`;
    if (row.value.length > 512) return `The value of "${row.key}" is longer than 512 characters.`;
    if (keys.has(row.key)) return `The key "${row.key}" is there twice.`;
    keys.add(row.key);
  }
  return null;
}

export function metadataRecord(rows: readonly MetadataRow[]): Record<string, string> {
  return Object.fromEntries(rows.filter((row) => row.key).map((row) => [row.key, row.value]));
}

export function MetadataEditor({
  rows,
  onChange,
  problem,
}: {
  rows: MetadataRow[];
  onChange: (rows: MetadataRow[]) => void;
  problem: string | null;
}) {
  const set = (index: number, change: Partial<MetadataRow>) => onChange(rows.map((row, i) => (i === index ? { ...row, ...change } : row)));
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="mb-1 text-sm font-medium">Metadata</legend>
      {rows.map((row, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity besides their place
        <div key={index} className="flex gap-2">
          <input
            className={inputClass}
            aria-label={`Metadata key ${index + 1}`}
            placeholder="key"
            value={row.key}
            onChange={(e) => set(index, { key: e.target.value })}
          />
          <input
            className={inputClass}
            aria-label={`Metadata value ${index + 1}`}
            placeholder="value"
            value={row.value}
            onChange={(e) => set(index, { value: e.target.value })}
          />
          <Button
            type="button"
            variant="ghost"
            size="sm"
            aria-label={`Remove metadata ${index + 1}`}
            onClick={() => onChange(rows.filter((_, i) => i !== index))}
          >
            Remove
          </Button>
        </div>
      ))}
      <div>
        <Button
          type="button"
          variant="secondary"
          size="sm"
          onClick={() => onChange([...rows, { key: "", value: "" }])}
          disabled={rows.length >= 16}
        >
          Add metadata
        </Button>
      </div>
      {problem ? (
        <p role="alert" className="text-xs text-danger">
          {problem}
        </p>
      ) : null}
    </fieldset>
  );
}
