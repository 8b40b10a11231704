import "server-only";
import { decode, encode } from "gpt-tokenizer/encoding/o200k_base";

// o200k_base is the encoding of the GPT-4o and later models the sandbox stands in for, so its
// token counts (and so usage and cost figures) are the ones the real API would report.
export function countTokens(text: string): number {
  return text ? encode(text).length : 0;
}

export function tokenize(text: string): number[] {
  return encode(text);
}

/** Splits text into the pieces a model would stream: one decoded token each. */
export function tokenPieces(text: string): string[] {
  return encode(text).map((token) => decode([token]));
}

export function truncateToTokens(text: string, max: number): { text: string; truncated: boolean } {
  const tokens = encode(text);
  if (tokens.length <= max) return { text, truncated: false };
  return { text: decode(tokens.slice(0, max)), truncated: true };
}
