import "server-only";
import type { SandboxContext } from "../context";
import { invalidRequest, notFound } from "../errors";
import { newId, unixSeconds } from "../ids";
import { runInBackground, runPlain, runStreamed } from "./execute";
import { searchFiles } from "./file-search";
import { type Item, itemsToEntries, normalizeInput } from "./input";
import { cachedTokens, responseSkeleton } from "./object";
import { slowStart } from "./pacing";
import { parseResponseRequest, type ResponseRequest } from "./request";
import type { RunInput } from "./run";
import { chainItems, insertResponse, loadChain, type ResponseBody, type StoredResponse } from "./store";
import { countContextTokens, type Entry, latestUserIndex, planReasoning, planTurn, type TurnRequest } from "./turn";

// POST /responses: check the request, gather the conversation (stored turns before it, then its
// own input), plan the turn, and run it plainly, streamed or in the background.

export interface PreparedResponse {
  request: ResponseRequest;
  run: RunInput;
  inputItems: Item[];
  body: ResponseBody;
}

/**
 * Everything but the transport: check the request, gather the conversation and plan the run.
 * `identity` re-prepares a response already accepted (a background run resumed after a restart),
 * keeping its id and creation time; the sandbox being deterministic, the run comes out the same.
 */
export async function prepareResponse(
  project: string,
  raw: Record<string, unknown>,
  identity?: { id: string; createdAt: number },
): Promise<PreparedResponse> {
  const request = await parseResponseRequest(raw, project);
  const chain = request.previousResponseId ? await loadChain(project, request.previousResponseId) : [];
  if (!chain) {
    throw notFound(
      `Previous response with id '${request.previousResponseId}' not found.`,
      "previous_response_id",
      "previous_response_not_found",
    );
  }
  const context = chainItems(chain);
  const inputItems = normalizeInput(request.input, (id) => context.find((item) => item.id === id));
  checkFunctionCalls([...context, ...inputItems]);
  const entries = itemsToEntries([...context, ...inputItems]);
  const instructions = request.instructions ?? "";
  if (request.format.type === "json_object" && !/json/i.test([instructions, ...entries.map(entryText)].join("\n"))) {
    throw invalidRequest(
      "Response input messages must contain the word 'json' in some form to use 'text.format' of type 'json_object'.",
      "input",
      null,
    );
  }

  const body = responseSkeleton(request, identity?.id ?? newId.response(), identity?.createdAt ?? unixSeconds(), "in_progress");
  const run = await prepareRun(project, request, entries, chain.at(-1), body);
  return { request, run, inputItems, body };
}

export async function createResponse(ctx: SandboxContext) {
  const raw = await ctx.json();
  const { request, run, inputItems, body } = await prepareResponse(ctx.project, raw);

  // A streamed background response streams as any other (and can be cancelled while it runs).
  if (request.background && !request.stream) {
    run.body.status = "queued";
    await insertResponse(ctx.project, run.body, inputItems, request.previousResponseId, raw);
    const queued = structuredClone(run.body);
    void runInBackground(run);
    return queued;
  }
  if (request.stream) {
    if (request.store) await insertResponse(ctx.project, run.body, inputItems, request.previousResponseId);
    return runStreamed(ctx, run, request.store);
  }
  await slowStart(ctx.faults, ctx.signal);
  runPlain(run);
  if (request.store) await insertResponse(ctx.project, body, inputItems, request.previousResponseId);
  return body;
}

async function prepareRun(
  project: string,
  request: ResponseRequest,
  entries: Entry[],
  previous: StoredResponse | undefined,
  body: ResponseBody,
): Promise<RunInput> {
  const instructions = request.instructions ?? "";
  const turn: TurnRequest = {
    modelName: request.modelName,
    instructions,
    entries,
    tools: request.toolChoice.functions,
    toolChoice: request.toolChoice.choice,
    parallelToolCalls: request.parallelToolCalls,
    format: request.format,
  };
  let plan = planTurn(turn);
  const inputTokens = countContextTokens(instructions, entries, request.tools.functions);
  const userAt = latestUserIndex(entries);
  const userEntry = entries[userAt];
  const userText = userEntry?.kind === "message" ? userEntry.text : "";
  // The model searches on a user's turn when it calls no function: always when told to, and
  // under `auto` whenever it has the tool (the sandbox cannot judge whether the files would help).
  let fileSearch: RunInput["fileSearch"];
  const { fileSearch: searchTool } = request.tools;
  const searches =
    searchTool &&
    !plan.toolCalls.length &&
    userAt === entries.length - 1 &&
    request.maxToolCalls !== 0 &&
    (request.toolChoice.forceFileSearch || request.toolChoice.choice !== "none");
  if (searchTool && searches) {
    const found = await searchFiles(project, searchTool, userText, request.include.includes("file_search_call.results"));
    fileSearch = found.outcome;
    plan = planTurn({ ...turn, notes: found.notes });
  }
  const reasoning =
    request.model.kind === "reasoning"
      ? {
          ...planReasoning(request.model, request.reasoning.effort ?? "medium", inputTokens, plan, userText),
          withSummary: request.reasoning.summary !== null,
          encrypted: request.include.includes("reasoning.encrypted_content"),
        }
      : undefined;
  return {
    body,
    plan,
    reasoning,
    fileSearch,
    maxOutputTokens: request.maxOutputTokens,
    inputTokens,
    cachedTokens: cachedTokens(previous?.body, request, inputTokens),
    logprobs: { enabled: request.include.includes("message.output_text.logprobs"), top: request.topLogprobs },
  };
}

function entryText(entry: Entry): string {
  return entry.kind === "message" ? entry.text : "";
}

/**
 * As the real API: every function_call_output answers a call in the conversation, and every call
 * in the conversation has its output by the time the model is asked to go on.
 */
function checkFunctionCalls(items: Item[]): void {
  const calls = new Set(items.filter((i) => i.type === "function_call").map((i) => String(i.call_id)));
  const answered = new Set<string>();
  for (const item of items) {
    if (item.type !== "function_call_output") continue;
    const callId = String(item.call_id);
    if (!calls.has(callId)) throw invalidRequest(`No tool call found for function call output with call_id ${callId}.`, "input", null);
    answered.add(callId);
  }
  for (const callId of calls) {
    if (!answered.has(callId)) throw invalidRequest(`No tool output found for function call ${callId}.`, "input", null);
  }
}
