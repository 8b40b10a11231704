import "server-only";
import type { ResponseRequest } from "./request";
import type { ResponseBody } from "./store";

// The Response object as the real API returns it: every request parameter echoed, output and
// usage filled in as the response runs.

export function responseSkeleton(request: ResponseRequest, id: string, createdAt: number, status: string): ResponseBody {
  const body: ResponseBody = {
    id,
    object: "response",
    created_at: createdAt,
    status,
    background: request.background,
    completed_at: null,
    error: null,
    incomplete_details: null,
    instructions: request.instructions,
    max_output_tokens: request.maxOutputTokens,
    max_tool_calls: request.maxToolCalls,
    model: request.modelName,
    output: [],
    parallel_tool_calls: request.parallelToolCalls,
    previous_response_id: request.previousResponseId,
    prompt_cache_key: request.promptCacheKey,
    reasoning: request.reasoning,
    safety_identifier: request.safetyIdentifier,
    service_tier: request.serviceTier,
    store: request.store,
    temperature: request.temperature,
    text: request.text,
    tool_choice: request.toolChoice.echo,
    tools: request.tools.echo,
    top_logprobs: request.topLogprobs,
    top_p: request.topP,
    truncation: request.truncation,
    metadata: request.metadata,
  };
  if (request.user !== undefined) body.user = request.user;
  return body;
}

export interface UsageCounts {
  inputTokens: number;
  cachedTokens: number;
  outputTokens: number;
  reasoningTokens: number;
}

export function responseUsage(counts: UsageCounts) {
  return {
    input_tokens: counts.inputTokens,
    input_tokens_details: { cached_tokens: counts.cachedTokens, cache_write_tokens: 0 },
    output_tokens: counts.outputTokens,
    output_tokens_details: { reasoning_tokens: counts.reasoningTokens },
    total_tokens: counts.inputTokens + counts.outputTokens,
  };
}

// Prompt caching as the real API describes it: prefixes of 1,024 tokens or more are cached in
// steps of 128. The prefix the sandbox can vouch for is the previous request's whole input, which
// a continuation sends again unchanged (as long as the instructions, which come first, are the
// same).
const MIN_CACHED_PREFIX = 1024;
const CACHE_STEP = 128;

export function cachedTokens(previous: ResponseBody | undefined, request: ResponseRequest, inputTokens: number): number {
  if (!previous || previous.instructions !== request.instructions) return 0;
  const usage = previous.usage as { input_tokens?: number } | undefined;
  const prefix = usage?.input_tokens ?? 0;
  if (prefix < MIN_CACHED_PREFIX) return 0;
  return Math.min(Math.floor(prefix / CACHE_STEP) * CACHE_STEP, inputTokens);
}

/** A deep copy for an event: later changes to the body must not reach events already sent. */
export function snapshot<T>(value: T): T {
  return structuredClone(value);
}
