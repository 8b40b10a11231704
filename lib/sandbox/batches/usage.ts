import "server-only";

export interface LineUsage {
  inputTokens: number;
  cachedTokens: number;
  outputTokens: number;
  reasoningTokens: number;
}

const count = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? value : 0);

/**
 * The tokens of one answered line, whichever endpoint gave it: Responses name them input/output,
 * Chat Completions and Embeddings prompt/completion. The line keeps the endpoint's own `usage`
 * in the output file; these sums are the batch's `usage`.
 */
export function usageOf(body: unknown): LineUsage {
  const usage = (body as { usage?: Record<string, unknown> } | null)?.usage;
  if (!usage) return { inputTokens: 0, cachedTokens: 0, outputTokens: 0, reasoningTokens: 0 };
  const inputDetails = (usage.input_tokens_details ?? usage.prompt_tokens_details) as Record<string, unknown> | undefined;
  const outputDetails = (usage.output_tokens_details ?? usage.completion_tokens_details) as Record<string, unknown> | undefined;
  return {
    inputTokens: count(usage.input_tokens ?? usage.prompt_tokens),
    cachedTokens: count(inputDetails?.cached_tokens),
    outputTokens: count(usage.output_tokens ?? usage.completion_tokens),
    reasoningTokens: count(outputDetails?.reasoning_tokens),
  };
}
