// Reads token usage out of the API's own objects: a Response, a chat completion (or its usage
// chunk), an embeddings list. A figure the upstream reports as zero stays zero.

export interface TokenUsage {
  inputTokens: number;
  cachedTokens: number;
  outputTokens: number;
  reasoningTokens: number;
}

export const NO_USAGE: TokenUsage = { inputTokens: 0, cachedTokens: 0, outputTokens: 0, reasoningTokens: 0 };

function count(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? Math.floor(value) : 0;
}

type Json = Record<string, unknown>;

function object(value: unknown): Json | undefined {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Json) : undefined;
}

/** Usage from a `usage` object in either API's spelling, or undefined when there is none. */
export function parseUsage(value: unknown): TokenUsage | undefined {
  const usage = object(value);
  if (!usage) return undefined;
  if ("input_tokens" in usage || "output_tokens" in usage) {
    return {
      inputTokens: count(usage.input_tokens),
      cachedTokens: count(object(usage.input_tokens_details)?.cached_tokens),
      outputTokens: count(usage.output_tokens),
      reasoningTokens: count(object(usage.output_tokens_details)?.reasoning_tokens),
    };
  }
  if ("prompt_tokens" in usage || "completion_tokens" in usage) {
    return {
      inputTokens: count(usage.prompt_tokens),
      cachedTokens: count(object(usage.prompt_tokens_details)?.cached_tokens),
      outputTokens: count(usage.completion_tokens),
      reasoningTokens: count(object(usage.completion_tokens_details)?.reasoning_tokens),
    };
  }
  return undefined;
}

export interface BodyFacts {
  usage?: TokenUsage;
  model?: string;
  /** A Response that stopped short (status incomplete or failed). */
  incomplete?: boolean;
}

/** What a non-streamed JSON answer tells: a Response, a chat completion, an embeddings list. */
export function factsFromBody(value: unknown): BodyFacts {
  const body = object(value);
  if (!body) return {};
  const status = body.status;
  return {
    usage: parseUsage(body.usage),
    model: typeof body.model === "string" ? body.model : undefined,
    incomplete: status === "incomplete" || status === "failed",
  };
}
