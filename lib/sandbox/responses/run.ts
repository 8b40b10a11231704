import "server-only";
import { certainLogprobs, countPieceTokens, type Piece, streamPieces, truncatePieces } from "../generate";
import { newId, unixSeconds } from "../ids";
import { responseUsage, snapshot } from "./object";
import type { ResponseBody } from "./store";
import type { ReasoningPlan, TurnPlan } from "./turn";

// One response run as the real API streams it: the exact event sequence for reasoning, file
// search, function calls and the message, each item added, filled piece by piece and done, and
// the Response body kept up to date along the way. A plain request walks the same events without
// sending them, so both kinds of request give the same result.

export interface FileSearchOutcome {
  query: string;
  results: { file_id: string; filename: string; score: number; text: string; attributes: Record<string, unknown> | null }[];
  includeResults: boolean;
}

export interface RunInput {
  body: ResponseBody;
  plan: TurnPlan;
  reasoning?: ReasoningPlan & { withSummary: boolean; encrypted: boolean };
  fileSearch?: FileSearchOutcome;
  maxOutputTokens: number | null;
  inputTokens: number;
  cachedTokens: number;
  logprobs: { enabled: boolean; top: number };
}

export interface RunEvent {
  event: Record<string, unknown> & { type: string };
  /** Deltas are what pacing and the stream faults count. */
  isDelta: boolean;
}

interface Budget {
  left: number;
  truncated: boolean;
}

function spend(budget: Budget, pieces: Piece[]): Piece[] {
  const cut = truncatePieces(pieces, budget.left);
  if (cut.truncated) budget.truncated = true;
  budget.left -= countPieceTokens(cut.pieces);
  return cut.pieces;
}

/** The number of deltas a run will send (for the cut-stream fault, which cuts halfway). */
export function countDeltas(input: RunInput): number {
  let total = streamPieces(input.plan.text).length;
  for (const call of input.plan.toolCalls) total += streamPieces(call.arguments).length;
  if (input.reasoning?.withSummary) total += streamPieces(input.reasoning.summary).length;
  return total;
}

export function* runEvents(input: RunInput): Generator<RunEvent> {
  const { body } = input;
  const emit = (event: RunEvent["event"], isDelta = false): RunEvent => ({ event, isDelta });
  const budget: Budget = { left: input.maxOutputTokens ?? Number.POSITIVE_INFINITY, truncated: false };
  let reasoningTokens = 0;
  let outputTokens = 0;
  body.status = "in_progress";
  yield emit({ type: "response.created", response: snapshot(body) });
  yield emit({ type: "response.in_progress", response: snapshot(body) });

  if (input.reasoning && input.reasoning.tokens > 0) {
    const { summary, withSummary, encrypted } = input.reasoning;
    reasoningTokens = Math.min(input.reasoning.tokens, budget.left);
    budget.left -= reasoningTokens;
    if (reasoningTokens < input.reasoning.tokens) budget.truncated = true;
    const output_index = body.output.length;
    const item: Record<string, unknown> = { id: newId.reasoning(), type: "reasoning", summary: [] };
    if (encrypted)
      item.encrypted_content = Buffer.from(JSON.stringify({ sandbox: true, summary, tokens: reasoningTokens })).toString("base64");
    body.output.push(item);
    yield emit({ type: "response.output_item.added", output_index, item: snapshot(item) });
    if (withSummary) {
      const base = { item_id: item.id, output_index, summary_index: 0 };
      yield emit({ type: "response.reasoning_summary_part.added", ...base, part: { type: "summary_text", text: "" } });
      for (const piece of streamPieces(summary))
        yield emit({ type: "response.reasoning_summary_text.delta", ...base, delta: piece.text }, true);
      yield emit({ type: "response.reasoning_summary_text.done", ...base, text: summary });
      yield emit({ type: "response.reasoning_summary_part.done", ...base, part: { type: "summary_text", text: summary } });
      item.summary = [{ type: "summary_text", text: summary }];
    }
    yield emit({ type: "response.output_item.done", output_index, item: snapshot(item) });
  }

  if (input.fileSearch && !budget.truncated) {
    const { query, results, includeResults } = input.fileSearch;
    const output_index = body.output.length;
    const item: Record<string, unknown> = {
      id: newId.fileSearchCall(),
      type: "file_search_call",
      status: "in_progress",
      queries: [],
      results: null,
    };
    body.output.push(item);
    const base = { output_index, item_id: item.id };
    yield emit({ type: "response.output_item.added", output_index, item: snapshot(item) });
    yield emit({ type: "response.file_search_call.in_progress", ...base });
    item.status = "searching";
    yield emit({ type: "response.file_search_call.searching", ...base });
    Object.assign(item, { status: "completed", queries: [query], results: includeResults ? results : null });
    yield emit({ type: "response.file_search_call.completed", ...base });
    yield emit({ type: "response.output_item.done", output_index, item: snapshot(item) });
  }

  for (const call of input.plan.toolCalls) {
    if (budget.truncated || budget.left <= 0) {
      budget.truncated = true;
      break;
    }
    const pieces = spend(budget, streamPieces(call.arguments));
    outputTokens += countPieceTokens(pieces);
    const output_index = body.output.length;
    const item: Record<string, unknown> = {
      id: newId.functionCall(),
      type: "function_call",
      status: "in_progress",
      arguments: "",
      call_id: newId.callId(),
      name: call.name,
    };
    body.output.push(item);
    yield emit({ type: "response.output_item.added", output_index, item: snapshot(item) });
    for (const piece of pieces) {
      // The body follows the deltas, so a run stopped halfway is stored as far as it got.
      item.arguments += piece.text;
      yield emit({ type: "response.function_call_arguments.delta", item_id: item.id, output_index, delta: piece.text }, true);
    }
    yield emit({
      type: "response.function_call_arguments.done",
      item_id: item.id,
      output_index,
      name: call.name,
      arguments: item.arguments,
    });
    item.status = budget.truncated ? "incomplete" : "completed";
    yield emit({ type: "response.output_item.done", output_index, item: snapshot(item) });
  }

  if (!input.plan.toolCalls.length && !(budget.truncated || budget.left <= 0)) {
    yield* messageEvents(input, budget, (tokens) => {
      outputTokens += tokens;
    });
  } else if (!input.plan.toolCalls.length) {
    budget.truncated = true;
  }

  body.status = budget.truncated ? "incomplete" : "completed";
  body.incomplete_details = budget.truncated ? { reason: "max_output_tokens" } : null;
  body.completed_at = budget.truncated ? null : unixSeconds();
  body.usage = responseUsage({
    inputTokens: input.inputTokens,
    cachedTokens: input.cachedTokens,
    outputTokens: outputTokens + reasoningTokens,
    reasoningTokens,
  });
  yield emit({ type: budget.truncated ? "response.incomplete" : "response.completed", response: snapshot(body) });
}

function* messageEvents(input: RunInput, budget: Budget, count: (tokens: number) => void): Generator<RunEvent> {
  const { body } = input;
  const emit = (event: RunEvent["event"], isDelta = false): RunEvent => ({ event, isDelta });
  const pieces = spend(budget, streamPieces(input.plan.text));
  count(countPieceTokens(pieces));
  const output_index = body.output.length;
  const item: Record<string, unknown> & { content: Record<string, unknown>[] } = {
    id: newId.message(),
    type: "message",
    status: "in_progress",
    content: [],
    role: "assistant",
  };
  body.output.push(item);
  const base = { item_id: item.id, output_index, content_index: 0 };
  const logprobs = input.logprobs.enabled ? certainLogprobs(pieces, input.logprobs.top) : [];
  yield emit({ type: "response.output_item.added", output_index, item: snapshot(item) });
  const part: Record<string, unknown> = { type: "output_text", text: "", annotations: [], logprobs: [] };
  item.content.push(part);
  yield emit({ type: "response.content_part.added", ...base, part: snapshot(part) });
  for (let i = 0; i < pieces.length; i++) {
    part.text += pieces[i].text;
    yield emit(
      { type: "response.output_text.delta", ...base, delta: pieces[i].text, logprobs: input.logprobs.enabled ? [logprobs[i]] : [] },
      true,
    );
  }
  const text = part.text as string;
  const annotations = citations(input.fileSearch, text.length);
  for (let i = 0; i < annotations.length; i++) {
    yield emit({ type: "response.output_text.annotation.added", ...base, annotation_index: i, annotation: annotations[i] });
  }
  Object.assign(part, { text, annotations, logprobs });
  yield emit({ type: "response.output_text.done", ...base, text, logprobs });
  yield emit({ type: "response.content_part.done", ...base, part: snapshot(part) });
  item.status = budget.truncated ? "incomplete" : "completed";
  yield emit({ type: "response.output_item.done", output_index, item: snapshot(item) });
}

/** One file_citation per file found, placed at the end of the text that quotes them. */
function citations(fileSearch: FileSearchOutcome | undefined, index: number) {
  if (!fileSearch) return [];
  const seen = new Set<string>();
  const out: Record<string, unknown>[] = [];
  for (const result of fileSearch.results) {
    if (seen.has(result.file_id)) continue;
    seen.add(result.file_id);
    out.push({ type: "file_citation", file_id: result.file_id, filename: result.filename, index });
  }
  return out;
}
