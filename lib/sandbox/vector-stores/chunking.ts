import "server-only";
// The core tokenizer module exposes encoding only; chunk texts need the matching decoder of the
// same o200k_base encoding so that chunk boundaries fall on real token boundaries.
import { decode } from "gpt-tokenizer/encoding/o200k_base";
import { invalidRequest, missingParameter } from "../errors";
import { tokenize } from "../tokenizer";
import { integerInRange, type Json, rejectUnknown, requireObject } from "./validate";

export interface StaticChunking {
  type: "static";
  static: { max_chunk_size_tokens: number; chunk_overlap_tokens: number };
}

// `auto` is what the real API documents for it today, and what it reports back on the file.
export const AUTO_CHUNKING: StaticChunking = { type: "static", static: { max_chunk_size_tokens: 800, chunk_overlap_tokens: 400 } };

/** Validates a ChunkingStrategyRequestParam; absent means `auto`. Returns the strategy as stored. */
export function chunkingStrategy(value: unknown, param = "chunking_strategy"): StaticChunking {
  if (value === undefined || value === null) return AUTO_CHUNKING;
  const body = requireObject(value, param);
  if (body.type === undefined) throw missingParameter(`${param}.type`);
  if (body.type === "auto") {
    rejectUnknown(body, ["type"], `${param}.`);
    return AUTO_CHUNKING;
  }
  if (body.type !== "static") {
    throw invalidRequest(
      `Invalid value: '${String(body.type)}'. Supported values are: 'auto' and 'static'.`,
      `${param}.type`,
      "invalid_value",
    );
  }
  rejectUnknown(body, ["type", "static"], `${param}.`);
  if (body.static === undefined) throw missingParameter(`${param}.static`);
  const settings: Json = requireObject(body.static, `${param}.static`);
  rejectUnknown(settings, ["max_chunk_size_tokens", "chunk_overlap_tokens"], `${param}.static.`);
  for (const key of ["max_chunk_size_tokens", "chunk_overlap_tokens"]) {
    if (settings[key] === undefined) throw missingParameter(`${param}.static.${key}`);
  }
  const max = integerInRange(settings.max_chunk_size_tokens, `${param}.static.max_chunk_size_tokens`, 100, 4096);
  const overlapParam = `${param}.static.chunk_overlap_tokens`;
  const overlap = integerInRange(settings.chunk_overlap_tokens, overlapParam, 0, Number.MAX_SAFE_INTEGER);
  if (overlap > max / 2) {
    throw invalidRequest(
      `Invalid '${overlapParam}': the overlap (${overlap}) must not exceed half of 'max_chunk_size_tokens' (${max}).`,
      overlapParam,
      "invalid_value",
    );
  }
  return { type: "static", static: { max_chunk_size_tokens: max, chunk_overlap_tokens: overlap } };
}

export interface TextChunk {
  position: number;
  text: string;
  tokens: number;
}

/**
 * Windows of `max` tokens, each starting `max - overlap` tokens after the previous one, as the
 * static strategy describes; the last window ends at the end of the text.
 */
export function chunkText(text: string, strategy: StaticChunking): TextChunk[] {
  const tokens = tokenize(text);
  const { max_chunk_size_tokens: max, chunk_overlap_tokens: overlap } = strategy.static;
  const step = max - overlap;
  const chunks: TextChunk[] = [];
  for (let start = 0; start < tokens.length; start += step) {
    const window = tokens.slice(start, start + max);
    chunks.push({ position: chunks.length, text: decode(window), tokens: window.length });
    if (start + max >= tokens.length) break;
  }
  return chunks;
}
