import "server-only";
import { certainLogprobs, countPieceTokens, joinPieces, type Piece, streamPieces, truncatePieces } from "../generate";
import { newId } from "../ids";
import { countContextTokens, latestUserIndex, planReasoning, planTurn } from "../responses/turn";
import type { ChatRequest } from "./request";

// The n choices of one Chat Completions turn (choice i is the turn's variant i, so choices differ
// but the same request always gives the same ones), cut by `stop` and by the token limit, and the
// chat.completion object they make.

export const SYSTEM_FINGERPRINT = "fp_sandbox01";

export interface PlannedChoice {
  index: number;
  pieces: Piece[];
  toolCalls: { id: string; name: string; pieces: Piece[] }[];
  finishReason: "stop" | "length" | "tool_calls";
  completionTokens: number;
  reasoningTokens: number;
}

export function planChoices(request: ChatRequest): { choices: PlannedChoice[]; promptTokens: number } {
  const { messages } = request;
  const promptTokens = countContextTokens(messages.instructions, messages.entries, request.tools);
  const userEntry = messages.entries[latestUserIndex(messages.entries)];
  const userText = userEntry?.kind === "message" ? userEntry.text : "";
  const choices: PlannedChoice[] = [];
  for (let index = 0; index < request.n; index++) {
    const plan = planTurn({
      modelName: request.modelName,
      instructions: messages.instructions,
      entries: messages.entries,
      tools: request.tools,
      toolChoice: request.toolChoice,
      parallelToolCalls: request.parallelToolCalls,
      format: request.format,
      variant: index,
      seed: request.seed,
    });
    const thinking = planReasoning(request.model, request.reasoningEffort, promptTokens, plan, userText).tokens;
    let left = (request.maxTokens ?? Number.POSITIVE_INFINITY) - thinking;
    let truncated = left < 0;
    const reasoningTokens = Math.min(thinking, request.maxTokens ?? thinking);
    const take = (text: string): Piece[] => {
      if (left <= 0) {
        truncated = truncated || text.length > 0;
        return [];
      }
      const cut = truncatePieces(streamPieces(text), left);
      left -= countPieceTokens(cut.pieces);
      truncated = truncated || cut.truncated;
      return cut.pieces;
    };
    const toolCalls = plan.toolCalls.map((call) => ({ id: newId.callId(), name: call.name, pieces: take(call.arguments) }));
    const pieces = toolCalls.length ? [] : take(applyStop(plan.text, request.stop));
    const produced = countPieceTokens(pieces) + toolCalls.reduce((sum, call) => sum + countPieceTokens(call.pieces), 0);
    choices.push({
      index,
      pieces,
      toolCalls,
      finishReason: truncated ? "length" : toolCalls.length ? "tool_calls" : "stop",
      completionTokens: produced + reasoningTokens,
      reasoningTokens,
    });
  }
  return { choices, promptTokens };
}

/** The text up to (not including) the first stop sequence. */
function applyStop(text: string, stop: string[]): string {
  let end = text.length;
  for (const sequence of stop) {
    const at = sequence ? text.indexOf(sequence) : -1;
    if (at >= 0 && at < end) end = at;
  }
  return text.slice(0, end);
}

export function chatUsage(promptTokens: number, choices: PlannedChoice[]) {
  const completion = choices.reduce((sum, c) => sum + c.completionTokens, 0);
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completion,
    total_tokens: promptTokens + completion,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: choices.reduce((sum, c) => sum + c.reasoningTokens, 0),
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

export function choiceLogprobs(request: ChatRequest, pieces: Piece[]) {
  return request.logprobs ? { content: certainLogprobs(pieces, request.topLogprobs), refusal: null } : null;
}

export function completionBody(request: ChatRequest, id: string, created: number, planned: ReturnType<typeof planChoices>) {
  const body: Record<string, unknown> & { id: string } = {
    id,
    object: "chat.completion",
    created,
    model: request.modelName,
    choices: planned.choices.map((choice) => {
      const message: Record<string, unknown> = {
        role: "assistant",
        content: choice.toolCalls.length ? null : joinPieces(choice.pieces),
        refusal: null,
        annotations: [],
      };
      if (choice.toolCalls.length) {
        message.tool_calls = choice.toolCalls.map((call) => ({
          id: call.id,
          type: "function",
          function: { name: call.name, arguments: joinPieces(call.pieces) },
        }));
      }
      return { index: choice.index, message, logprobs: choiceLogprobs(request, choice.pieces), finish_reason: choice.finishReason };
    }),
    usage: chatUsage(planned.promptTokens, planned.choices),
    service_tier: request.serviceTier,
    system_fingerprint: SYSTEM_FINGERPRINT,
  };
  if (request.metadata) body.metadata = request.metadata;
  return body;
}
