import "server-only";
import { contentWords, generateReply, hashText, quote } from "../generate";
import { sampleFromSchema, sampleSource } from "../json-schema-sample";
import type { SandboxModel } from "../models";
import { countTokens } from "../tokenizer";

// What a sandbox model does with one turn, for both the Responses and the Chat Completions
// endpoints (each translates its own request into these entries and the plan back into its own
// shapes): call functions when the latest user text names them, answer from function outputs
// when they are the newest thing in the conversation, and otherwise write a reply, in JSON when a
// format asks for it.

export type Entry =
  | { kind: "message"; role: "user" | "assistant" | "system" | "developer"; text: string; images: number }
  | { kind: "function_call"; callId: string; name: string; arguments: string }
  | { kind: "function_call_output"; callId: string; output: string }
  | { kind: "reasoning"; text: string };

export interface ToolSpec {
  name: string;
  parameters: Record<string, unknown> | null;
}

export type ToolChoice = "none" | "auto" | "required" | { name: string };

export type OutputFormat = { type: "text" } | { type: "json_object" } | { type: "json_schema"; schema: Record<string, unknown> };

export interface TurnRequest {
  /** The model name as the caller wrote it (fault aliases included). */
  modelName: string;
  instructions: string;
  entries: Entry[];
  tools: ToolSpec[];
  toolChoice: ToolChoice;
  parallelToolCalls: boolean;
  format: OutputFormat;
  /** Sentences the answer must carry before the reply (file search findings). */
  notes?: string[];
  variant?: number;
  seed?: number;
}

export interface TurnPlan {
  toolCalls: { name: string; arguments: string }[];
  text: string;
}

// Each message costs a few tokens of framing on top of its text, as in the real chat format; an
// image is counted at the low-detail price.
const MESSAGE_OVERHEAD = 3;
const IMAGE_TOKENS = 85;

export function countContextTokens(instructions: string, entries: Entry[], tools: ToolSpec[]): number {
  let total = instructions ? MESSAGE_OVERHEAD + countTokens(instructions) : 0;
  for (const entry of entries) {
    if (entry.kind === "message") total += MESSAGE_OVERHEAD + countTokens(entry.text) + entry.images * IMAGE_TOKENS;
    else if (entry.kind === "function_call") total += MESSAGE_OVERHEAD + countTokens(entry.name) + countTokens(entry.arguments);
    else if (entry.kind === "function_call_output") total += MESSAGE_OVERHEAD + countTokens(entry.output);
  }
  if (tools.length) total += countTokens(JSON.stringify(tools));
  return total;
}

export function latestUserIndex(entries: Entry[]): number {
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i];
    if (entry.kind === "message" && entry.role === "user") return i;
  }
  return -1;
}

function mentionIndex(text: string, name: string): number {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const match = new RegExp(`(?<![\\p{L}\\p{N}_])${escaped}(?![\\p{L}\\p{N}_])`, "iu").exec(text);
  return match ? match.index : -1;
}

function chooseTools(request: TurnRequest, userText: string, answeringOutputs: boolean): ToolSpec[] {
  const { tools, toolChoice } = request;
  if (!tools.length || toolChoice === "none") return [];
  if (typeof toolChoice === "object") return tools.filter((tool) => tool.name === toolChoice.name).slice(0, 1);
  const mentioned = tools
    .map((tool) => ({ tool, at: mentionIndex(userText, tool.name) }))
    .filter((m) => m.at >= 0)
    .sort((a, b) => a.at - b.at)
    .map((m) => m.tool);
  // After the functions have answered, `auto` writes the answer; `required` still must call one.
  let chosen = toolChoice === "auto" && answeringOutputs ? [] : mentioned;
  if (toolChoice === "required" && !chosen.length) chosen = [tools[0]];
  return request.parallelToolCalls ? chosen : chosen.slice(0, 1);
}

export function planTurn(request: TurnRequest): TurnPlan {
  const { entries } = request;
  const userAt = latestUserIndex(entries);
  const latest = userAt >= 0 ? entries[userAt] : undefined;
  const userText = latest?.kind === "message" ? latest.text : "";
  const outputs = entries.slice(userAt + 1).filter((e) => e.kind === "function_call_output");
  const contextText = [request.instructions, ...entries.map(entryText)].filter(Boolean).join("\n");

  const calls = chooseTools(request, userText, outputs.length > 0);
  if (calls.length) {
    const names = new Set(request.tools.map((t) => t.name.toLowerCase()));
    const words = contentWords(userText).filter((w) => !names.has(w.toLowerCase()));
    const source = sampleSource(words.length ? words : contentWords(contextText), userText);
    return {
      toolCalls: calls.map((tool) => ({
        name: tool.name,
        arguments: JSON.stringify(sampleFromSchema(tool.parameters ?? { type: "object", properties: {} }, source)),
      })),
      text: "",
    };
  }

  if (request.format.type === "json_schema") {
    const source = sampleSource(contentWords(`${userText} ${contextText}`), userText);
    return { toolCalls: [], text: JSON.stringify(sampleFromSchema(request.format.schema, source)) };
  }
  const earlier = entries.slice(0, Math.max(userAt, 0)).find((e) => e.kind === "message" && e.role === "user");
  const reply = generateReply({
    model: request.modelName,
    userText,
    earlierText: earlier?.kind === "message" ? earlier.text : undefined,
    instructions: request.instructions,
    contextText,
    variant: request.variant,
    seed: request.seed,
  });
  const lead = [...outputs.map((o) => describeOutput(entries, o)), ...(request.notes ?? [])];
  const text = [...lead, reply].join(" ");
  return { toolCalls: [], text: request.format.type === "json_object" ? JSON.stringify({ answer: text }) : text };
}

function entryText(entry: Entry): string {
  switch (entry.kind) {
    case "message":
      return entry.text;
    case "function_call":
      return `${entry.name} ${entry.arguments}`;
    case "function_call_output":
      return entry.output;
    default:
      return "";
  }
}

function describeOutput(entries: Entry[], output: Entry): string {
  if (output.kind !== "function_call_output") return "";
  const call = entries.find((e) => e.kind === "function_call" && e.callId === output.callId);
  const name = call?.kind === "function_call" ? call.name : "function";
  return `The function ${name} returned: "${quote(output.output, 400)}".`;
}

export interface ReasoningPlan {
  tokens: number;
  summary: string;
}

const EFFORT_FACTOR: Record<string, number> = { none: 0, minimal: 0.25, low: 0.5, medium: 1, high: 2, xhigh: 3, max: 4 };

/** How much a reasoning model "thinks": a deterministic count from the effort and the input size. */
export function planReasoning(model: SandboxModel, effort: string, inputTokens: number, plan: TurnPlan, userText: string): ReasoningPlan {
  const factor = model.kind === "reasoning" ? (EFFORT_FACTOR[effort] ?? 1) : 0;
  const tokens = Math.round(factor * (128 + Math.min(inputTokens, 4096) / 4 + (hashText(userText) % 64)));
  const topic = contentWords(userText).slice(0, 4).join(", ") || "an empty message";
  const action = plan.toolCalls.length
    ? `The request names ${plan.toolCalls.map((c) => c.name).join(" and ")}, so I will call it with arguments taken from the request.`
    : "I will quote the request and answer with sentences built from its words.";
  return { tokens, summary: `**Reading the request**\n\nThe request is about ${topic}. ${action}` };
}
