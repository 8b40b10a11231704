// The create form's rules, the same limits the API enforces, so a mistake is named at its field
// before anything is sent.

export const METADATA_MAX_PAIRS = 16;
export const METADATA_KEY_MAX = 64;
export const METADATA_VALUE_MAX = 512;
export const NAME_MAX = 256;
export const CHUNK_MIN = 100;
export const CHUNK_MAX = 4096;

export interface MetadataRow {
  key: string;
  value: string;
}

export type MetadataResult =
  | { ok: true; metadata: Record<string, string> }
  | { ok: false; errors: Record<number, string>; message?: string };

/** Rows with an empty key and value are ignored; a value without a key, a repeated or too long key is an error. */
export function parseMetadataRows(rows: readonly MetadataRow[]): MetadataResult {
  const errors: Record<number, string> = {};
  const metadata: Record<string, string> = {};
  let count = 0;
  rows.forEach((row, index) => {
    const key = row.key.trim();
    if (!key && !row.value) return;
    if (!key) errors[index] = "A value needs a key.";
    else if (key.length > METADATA_KEY_MAX) errors[index] = `Keys are at most ${METADATA_KEY_MAX} characters (this one has ${key.length}).`;
    else if (row.value.length > METADATA_VALUE_MAX)
      errors[index] = `Values are at most ${METADATA_VALUE_MAX} characters (this one has ${row.value.length}).`;
    else if (Object.hasOwn(metadata, key)) errors[index] = `The key “${key}” is already used above.`;
    else {
      metadata[key] = row.value;
      count += 1;
    }
  });
  if (Object.keys(errors).length) return { ok: false, errors };
  if (count > METADATA_MAX_PAIRS)
    return { ok: false, errors: {}, message: `At most ${METADATA_MAX_PAIRS} metadata pairs (there are ${count}).` };
  return { ok: true, metadata };
}

export type ChunkingInput = { type: "auto" } | { type: "static"; maxTokens: string; overlapTokens: string };
export type ChunkingParam = { type: "auto" } | { type: "static"; static: { max_chunk_size_tokens: number; chunk_overlap_tokens: number } };

export type ChunkingResult = { ok: true; strategy: ChunkingParam } | { ok: false; field: "maxTokens" | "overlapTokens"; message: string };

function wholeNumber(text: string): number | undefined {
  return /^\s*\d+\s*$/.test(text) ? Number(text) : undefined;
}

/** Static chunking as the API accepts it: 100–4096 tokens, an overlap of at most half of that. */
export function parseChunking(input: ChunkingInput): ChunkingResult {
  if (input.type === "auto") return { ok: true, strategy: { type: "auto" } };
  const max = wholeNumber(input.maxTokens);
  if (max === undefined || max < CHUNK_MIN || max > CHUNK_MAX) {
    return { ok: false, field: "maxTokens", message: `A whole number of tokens from ${CHUNK_MIN} to ${CHUNK_MAX}.` };
  }
  const overlap = wholeNumber(input.overlapTokens);
  if (overlap === undefined) return { ok: false, field: "overlapTokens", message: "A whole number of tokens, 0 or more." };
  if (overlap > max / 2) {
    return { ok: false, field: "overlapTokens", message: `At most half the chunk size (${Math.floor(max / 2)} tokens).` };
  }
  return { ok: true, strategy: { type: "static", static: { max_chunk_size_tokens: max, chunk_overlap_tokens: overlap } } };
}

/** Expiry as the form has it: never, or a whole number of days (1–365) after last activity. */
export function parseExpiryDays(text: string): { ok: true; days: number } | { ok: false; message: string } {
  const days = wholeNumber(text);
  if (days === undefined || days < 1 || days > 365) return { ok: false, message: "A whole number of days from 1 to 365." };
  return { ok: true, days };
}
