import "server-only";
import { encode } from "gpt-tokenizer/encoding/o200k_base";
import { nowMs } from "@/lib/clock";
import { SANDBOX_MODELS } from "@/lib/sandbox/models";
import { dueForRenewal, SingleFlight } from "@/lib/single-flight";
import { costOf, type Price, priceFor } from "@/lib/usage/pricing";

// What a call may cost at most, reserved against a budget before it goes upstream, and what it did
// cost, settled after. Input tokens are counted with the o200k tokenizer over the parts of the body
// a model reads; output is what the call allows (max_output_tokens and its kin) or else the model's
// own output limit.

const DEFAULT_MAX_OUTPUT = 32_768;
const MAX_OUTPUT: Record<string, number> = Object.fromEntries(SANDBOX_MODELS.map((model) => [model.id, model.maxOutputTokens]));
const PRICE_CACHE_MS = 30_000;

const prices = new Map<string, { price: Price | null; at: number }>();
const pricesReading = new SingleFlight<string, Price | null>();

/**
 * The cached price, or undefined when it must be read (the gateway's calls skip a promise when
 * cached). In the entry's last quarter, the next read starts in the background: a busy model's
 * calls never wait for one.
 */
function cachedPrice(model: string, projectId: string, now = nowMs()): Price | null | undefined {
  const hit = prices.get(`${projectId}\u0000${model}`);
  if (!hit || now - hit.at >= PRICE_CACHE_MS) return undefined;
  if (dueForRenewal(now - hit.at, PRICE_CACHE_MS)) readPrice(model, projectId, now).catch(() => undefined);
  return hit.price;
}

/** The price in effect now, cached briefly: one price query per model every 30 s, not per call. */
export async function currentPrice(model: string, projectId: string, now = nowMs()): Promise<Price | null> {
  const hit = cachedPrice(model, projectId, now);
  return hit !== undefined ? hit : readPrice(model, projectId, now);
}

function readPrice(model: string, projectId: string, now: number): Promise<Price | null> {
  const key = `${projectId}\u0000${model}`;
  return pricesReading.run(key, async () => {
    const price = await priceFor(model, new Date(now), projectId);
    if (prices.size > 5000) prices.clear();
    prices.set(key, { price, at: now });
    return price;
  });
}

export function countInputTokens(path: string, json: Record<string, unknown>): number {
  const parts: unknown[] = [];
  if (path === "/chat/completions") parts.push(json.messages, json.tools);
  else if (path === "/responses") parts.push(json.input, json.instructions, json.tools);
  else if (path === "/embeddings") parts.push(json.input);
  else parts.push(json.prompt ?? json.input ?? json.messages);
  let tokens = 0;
  for (const part of parts) tokens += countPart(part, 0);
  return tokens;
}

// Each object (a message, a content part, a tool) counts a few tokens for its role and separators,
// as OpenAI counts messages; its text is tokenized; an image counts as one image whatever its URL or
// inline bytes (tokenizing a base64 image as text took seconds and counted it as a huge prompt);
// other inline data (files, audio) counts by its size. Numbers are tokens (embeddings' token arrays).
const PER_OBJECT = 4;
/** OpenAI's count for a high-detail image of 2048×768, the most common large case. */
const IMAGE_TOKENS = 1_105;
const INLINE_DATA_KEYS = new Set(["data", "file_data"]);
const MAX_DEPTH = 32;

function countPart(value: unknown, depth: number): number {
  if (typeof value === "string") return value.startsWith("data:") ? inlineDataTokens(value) : textTokens(value);
  if (typeof value === "number") return 1;
  if (value === null || typeof value !== "object" || depth > MAX_DEPTH) return 0;
  if (Array.isArray(value)) {
    let tokens = 0;
    for (const item of value) tokens += countPart(item, depth + 1);
    return tokens;
  }
  const object = value as Record<string, unknown>;
  if (object.type === "input_image" || object.type === "image_url") return PER_OBJECT + IMAGE_TOKENS;
  let tokens = PER_OBJECT;
  for (const key in object) {
    const field = object[key];
    if (key === "image_url") tokens += IMAGE_TOKENS;
    else if (INLINE_DATA_KEYS.has(key) && typeof field === "string") tokens += inlineDataTokens(field);
    else tokens += countPart(field, depth + 1);
  }
  return tokens;
}

// Token counts of texts seen lately. The same texts come back call after call (roles, system
// prompts, tool definitions), and looking one up costs a fraction of tokenizing it again (~2 µs
// for even a short word). Bounded by the characters kept; emptied when full, which is the
// simplest bound, and a miss only costs the tokenizer. Only this process's memory holds them.
const counted = new Map<string, number>();
let countedChars = 0;
const MAX_COUNTED_CHARS = 2_000_000;
const MAX_COUNTED_TEXT = 64 * 1024;

function textTokens(text: string): number {
  const known = counted.get(text);
  if (known !== undefined) return known;
  const tokens = encode(text).length;
  if (text.length <= MAX_COUNTED_TEXT) {
    if (countedChars + text.length > MAX_COUNTED_CHARS) {
      counted.clear();
      countedChars = 0;
    }
    counted.set(text, tokens);
    countedChars += text.length;
  }
  return tokens;
}

/** Inline base64 (a data: URL or bare): a token per four bytes it decodes to. */
function inlineDataTokens(text: string): number {
  if (text.startsWith("data:image/")) return IMAGE_TOKENS;
  return Math.ceil((text.length * 3) / 4 / 4);
}

export function maxOutputTokens(path: string, json: Record<string, unknown>, model: string): number {
  if (path === "/embeddings") return 0;
  const asked = [json.max_output_tokens, json.max_completion_tokens, json.max_tokens].find((v) => typeof v === "number" && v >= 0) as
    | number
    | undefined;
  const choices = typeof json.n === "number" && json.n > 1 ? Math.trunc(json.n) : 1;
  return (asked ?? MAX_OUTPUT[model] ?? DEFAULT_MAX_OUTPUT) * choices;
}

export interface Estimate {
  inputTokens: number;
  outputTokens: number;
  worstCaseNanoUsd: bigint;
}

/** Synchronous while the model's price is cached. */
export function estimateCall(projectId: string, path: string, json: Record<string, unknown>, model: string): Estimate | Promise<Estimate> {
  const inputTokens = countInputTokens(path, json);
  const outputTokens = maxOutputTokens(path, json, model);
  // An unpriced model has no cost to reserve (usage shows it as unpriced, never as $0).
  const at = (price: Price | null): Estimate => ({
    inputTokens,
    outputTokens,
    worstCaseNanoUsd: price ? costOf({ inputTokens, cachedTokens: 0, outputTokens }, price) : 0n,
  });
  const price = cachedPrice(model, projectId);
  return price === undefined ? currentPrice(model, projectId).then(at) : at(price);
}

/** Synchronous while the model's price is cached. */
export function actualCost(
  projectId: string,
  model: string | null,
  tokens: { inputTokens: number; cachedTokens: number; outputTokens: number },
): bigint | Promise<bigint> {
  if (!model) return 0n;
  const at = (price: Price | null) => (price ? costOf(tokens, price) : 0n);
  const price = cachedPrice(model, projectId);
  return price === undefined ? currentPrice(model, projectId).then(at) : at(price);
}
