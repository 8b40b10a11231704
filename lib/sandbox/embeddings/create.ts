import "server-only";
import { decode, vocabularySize } from "gpt-tokenizer/encoding/o200k_base";
import type { SandboxContext } from "../context";
import { embed } from "../embedding";
import { invalidRequest, missingParameter, modelNotFound, SandboxError } from "../errors";
import { findModel } from "../models";
import { expectEnum, expectRange, optional } from "../responses/params";
import { countTokens } from "../tokenizer";

// POST /embeddings: strings or token arrays, `dimensions` for the models that take it, float or
// base64 (little-endian float32, as the real API encodes it) output.

const KNOWN = new Set(["input", "model", "encoding_format", "dimensions", "user"]);
const MAX_INPUTS = 2048;
const MAX_TOKENS_PER_REQUEST = 300_000;

function invalidInput() {
  return invalidRequest("'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.");
}

const isTokenArray = (value: unknown): value is number[] => Array.isArray(value) && value.every((t) => Number.isInteger(t));

/** The texts to embed, with their token counts; token arrays are decoded as the model would read them. */
function inputs(value: unknown): { text: string; tokens: number }[] {
  if (value === undefined || value === null) throw missingParameter("input");
  if (typeof value === "string") {
    if (!value) throw invalidInput();
    return [{ text: value, tokens: countTokens(value) }];
  }
  if (!Array.isArray(value) || !value.length || value.length > MAX_INPUTS) throw invalidInput();
  if (isTokenArray(value)) return [fromTokens(value)];
  if (value.every((v) => typeof v === "string" && v)) return (value as string[]).map((text) => ({ text, tokens: countTokens(text) }));
  if (value.every((v) => isTokenArray(v) && v.length)) return (value as number[][]).map(fromTokens);
  throw invalidInput();
}

function fromTokens(tokens: number[]): { text: string; tokens: number } {
  if (!tokens.length || tokens.some((t) => t < 0 || t >= vocabularySize)) throw invalidInput();
  // gpt-tokenizer decodes through one shared streaming decoder: a trailing full stop flushes any
  // partial character the caller's tokens end with, so no bytes carry over to the next decode.
  const text = decode([...tokens, 13]).slice(0, -1);
  return { text, tokens: tokens.length };
}

function littleEndianBase64(vector: Float32Array): string {
  const bytes = Buffer.alloc(vector.length * 4);
  for (let i = 0; i < vector.length; i++) bytes.writeFloatLE(vector[i], i * 4);
  return bytes.toString("base64");
}

export async function createEmbeddings(ctx: SandboxContext) {
  const body = await ctx.json();
  for (const key of Object.keys(body)) if (!KNOWN.has(key)) throw invalidRequest(`Unrecognized request argument supplied: ${key}`);
  if (body.model === undefined || body.model === null || body.model === "") throw missingParameter("model");
  const name = String(body.model);
  const model = await findModel(name);
  if (!model) throw modelNotFound(name);
  if (model.kind !== "embedding" || !model.embeddingDimensions) {
    throw new SandboxError(403, "You are not allowed to generate embeddings from this model", "invalid_request_error", null, null);
  }
  const texts = inputs(body.input);
  for (const [i, input] of texts.entries()) {
    if (input.tokens > model.contextWindow) {
      throw invalidRequest(
        `This model's maximum context length is ${model.contextWindow + 1} tokens, however you requested ${input.tokens} tokens (${input.tokens} in your prompt; 0 for the completion). Please reduce your prompt; or completion length.`,
        texts.length > 1 ? `input[${i}]` : "input",
      );
    }
  }
  const total = texts.reduce((sum, t) => sum + t.tokens, 0);
  if (total > MAX_TOKENS_PER_REQUEST) {
    throw invalidRequest(`Requested ${total} tokens, max ${MAX_TOKENS_PER_REQUEST} tokens per request`, "input", "max_tokens_per_request");
  }
  const dimensions = optional<number>(body, "dimensions", "integer") ?? model.embeddingDimensions;
  expectRange(dimensions, "dimensions", 1, model.embeddingDimensions);
  const format =
    body.encoding_format === undefined || body.encoding_format === null
      ? "float"
      : expectEnum(body.encoding_format, ["float", "base64"], "encoding_format");
  if (body.user !== undefined && body.user !== null) optional(body, "user", "string");
  return {
    object: "list",
    data: texts.map((input, index) => {
      const vector = embed(input.text, dimensions);
      return { object: "embedding", index, embedding: format === "base64" ? littleEndianBase64(vector) : Array.from(vector) };
    }),
    model: name,
    usage: { prompt_tokens: total, total_tokens: total },
  };
}
