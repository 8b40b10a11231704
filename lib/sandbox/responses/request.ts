import "server-only";
import { invalidRequest, missingParameter, SandboxError } from "../errors";
import { findModel, type SandboxModel } from "../models";
import { checkMetadata, expectEnum, expectRange, expectType, optional, required, sandboxUnsupported, unknownParameter } from "./params";
import { strictSchemaProblem } from "./strict-schema";
import { type ParsedToolChoice, type ParsedTools, parseToolChoice, parseTools } from "./tools";
import type { OutputFormat } from "./turn";

// The body of POST /responses, checked as the real API checks it and reduced to what the
// sandbox needs. The input itself is normalized later (it may refer to stored items).

export interface ResponseRequest {
  model: SandboxModel;
  modelName: string;
  input: unknown;
  instructions: string | null;
  previousResponseId: string | null;
  store: boolean;
  stream: boolean;
  background: boolean;
  maxOutputTokens: number | null;
  maxToolCalls: number | null;
  metadata: Record<string, string>;
  temperature: number;
  topP: number;
  topLogprobs: number;
  parallelToolCalls: boolean;
  tools: ParsedTools;
  toolChoice: ParsedToolChoice;
  text: { format: Record<string, unknown>; verbosity: string };
  format: OutputFormat;
  reasoning: { effort: string | null; summary: string | null };
  include: string[];
  serviceTier: string;
  truncation: string;
  user?: string;
  safetyIdentifier: string | null;
  promptCacheKey: string | null;
}

const ACCEPTED = new Set([
  "model",
  "input",
  "instructions",
  "previous_response_id",
  "store",
  "stream",
  "stream_options",
  "background",
  "max_output_tokens",
  "max_tool_calls",
  "metadata",
  "temperature",
  "top_p",
  "top_logprobs",
  "parallel_tool_calls",
  "tools",
  "tool_choice",
  "text",
  "reasoning",
  "include",
  "service_tier",
  "truncation",
  "user",
  "safety_identifier",
  "prompt_cache_key",
  "prompt_cache_retention",
  "prompt_cache_options",
]);
const NOT_EMULATED = new Set(["conversation", "prompt", "context_management", "moderation"]);
const INCLUDES = [
  "file_search_call.results",
  "web_search_call.results",
  "web_search_call.action.sources",
  "message.input_image.image_url",
  "computer_call_output.output.image_url",
  "code_interpreter_call.outputs",
  "reasoning.encrypted_content",
  "message.output_text.logprobs",
] as const;
const FORMAT_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/** The model of a Responses request: a `sandbox-fault-…` name is sandbox-chat asking for a fault. */
export async function responsesModel(value: unknown, project: string): Promise<{ model: SandboxModel; name: string }> {
  if (value === undefined || value === null || value === "") throw missingParameter("model");
  expectType(value, "string", "model");
  const name = value as string;
  const model = await findModel(name.startsWith("sandbox-fault-") ? "sandbox-chat" : name, project);
  if (!model)
    throw new SandboxError(400, `The requested model '${name}' does not exist.`, "invalid_request_error", "model", "model_not_found");
  if (model.kind === "embedding") {
    throw new SandboxError(400, `The requested model, '${name}' was not found.`, "invalid_request_error", "model", "model_not_found");
  }
  return { model, name };
}

export async function parseResponseRequest(body: Record<string, unknown>, project: string): Promise<ResponseRequest> {
  for (const key of Object.keys(body)) {
    if (NOT_EMULATED.has(key) && body[key] !== null && body[key] !== undefined) throw sandboxUnsupported(key);
    if (!ACCEPTED.has(key) && !NOT_EMULATED.has(key)) throw unknownParameter(key);
  }
  const { model, name } = await responsesModel(body.model, project);
  if (body.input === undefined || body.input === null) throw missingParameter("input");
  if (typeof body.input !== "string") expectType(body.input, "array", "input");

  const reasoningModel = model.kind === "reasoning";
  const temperature = optional<number>(body, "temperature", "number");
  const topP = optional<number>(body, "top_p", "number");
  if (temperature !== undefined) expectRange(temperature, "temperature", 0, 2, "decimal");
  if (topP !== undefined) expectRange(topP, "top_p", 0, 1, "decimal");
  for (const [param, value] of [
    ["temperature", temperature],
    ["top_p", topP],
  ] as const) {
    if (reasoningModel && value !== undefined) {
      throw invalidRequest(`Unsupported parameter: '${param}' is not supported with this model.`, param, "unsupported_parameter");
    }
  }

  const maxOutputTokens = optional<number>(body, "max_output_tokens", "integer") ?? null;
  if (maxOutputTokens !== null) expectRange(maxOutputTokens, "max_output_tokens", 16, model.maxOutputTokens);
  const maxToolCalls = optional<number>(body, "max_tool_calls", "integer") ?? null;
  if (maxToolCalls !== null) expectRange(maxToolCalls, "max_tool_calls", 0, undefined);
  const topLogprobs = optional<number>(body, "top_logprobs", "integer") ?? 0;
  expectRange(topLogprobs, "top_logprobs", 0, 20);

  const store = optional<boolean>(body, "store", "boolean") ?? true;
  const background = optional<boolean>(body, "background", "boolean") ?? false;
  if (background && !store) {
    throw invalidRequest("Background mode requires 'store' to be true.", "background", "invalid_value");
  }
  const stream = optional<boolean>(body, "stream", "boolean") ?? false;
  if (body.stream_options !== undefined && body.stream_options !== null) {
    expectType(body.stream_options, "object", "stream_options");
    if (!stream) throw invalidRequest("The 'stream_options' parameter is only allowed when 'stream' is enabled.", "stream_options", null);
  }

  const tools = parseTools(body.tools);
  const toolChoice = parseToolChoice(body.tool_choice, tools);
  const include = (optional<unknown[]>(body, "include", "array") ?? []).map((v, i) => expectEnum(v, INCLUDES, `include[${i}]`));
  const { text, format } = parseText(body.text);
  const reasoning = parseReasoning(body.reasoning, reasoningModel);

  const serviceTier = body.service_tier === undefined || body.service_tier === null ? "auto" : body.service_tier;
  expectEnum(serviceTier, ["auto", "default", "flex", "scale", "priority", "fast"], "service_tier");
  const truncation = body.truncation === undefined || body.truncation === null ? "disabled" : body.truncation;
  expectEnum(truncation, ["auto", "disabled"], "truncation");
  if (body.prompt_cache_retention !== undefined && body.prompt_cache_retention !== null) {
    expectEnum(body.prompt_cache_retention, ["in_memory", "24h"], "prompt_cache_retention");
  }
  const safetyIdentifier = optional<string>(body, "safety_identifier", "string") ?? null;
  if (safetyIdentifier !== null && safetyIdentifier.length > 64) {
    throw invalidRequest(
      `Invalid 'safety_identifier': string too long. Expected a string with maximum length 64, but got a string with length ${safetyIdentifier.length} instead.`,
      "safety_identifier",
      "string_above_max_length",
    );
  }

  return {
    model,
    modelName: name,
    input: body.input,
    instructions: optional<string>(body, "instructions", "string") ?? null,
    previousResponseId: optional<string>(body, "previous_response_id", "string") ?? null,
    store,
    stream,
    background,
    maxOutputTokens,
    maxToolCalls,
    metadata: checkMetadata(body.metadata) ?? {},
    temperature: temperature ?? 1,
    topP: topP ?? 1,
    topLogprobs,
    parallelToolCalls: optional<boolean>(body, "parallel_tool_calls", "boolean") ?? true,
    tools,
    toolChoice,
    text,
    format,
    reasoning,
    include,
    // The sandbox has one tier; "auto" is answered as the tier that served the request.
    serviceTier: serviceTier === "auto" ? "default" : (serviceTier as string),
    truncation: truncation as string,
    user: optional<string>(body, "user", "string"),
    safetyIdentifier,
    promptCacheKey: optional<string>(body, "prompt_cache_key", "string") ?? null,
  };
}

function parseText(value: unknown): { text: ResponseRequest["text"]; format: OutputFormat } {
  const text = (optional<Record<string, unknown>>({ text: value }, "text", "object") ?? {}) as Record<string, unknown>;
  const verbosity =
    text.verbosity === undefined || text.verbosity === null
      ? "medium"
      : expectEnum(text.verbosity, ["low", "medium", "high"], "text.verbosity");
  const raw = optional<Record<string, unknown>>(text, "format", "object", "text.format") ?? { type: "text" };
  const type = expectEnum(raw.type, ["text", "json_object", "json_schema"], "text.format.type");
  if (type !== "json_schema") return { text: { format: { type }, verbosity }, format: { type } };
  const name = required<string>(raw, "name", "string", "text.format.name");
  if (!FORMAT_NAME.test(name)) {
    throw invalidRequest(
      "Invalid 'text.format.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.",
      "text.format.name",
      "invalid_value",
    );
  }
  const schema = required<Record<string, unknown>>(raw, "schema", "object", "text.format.schema");
  const strict = optional<boolean>(raw, "strict", "boolean", "text.format.strict") ?? false;
  const description = optional<string>(raw, "description", "string", "text.format.description");
  if (strict) {
    const problem = strictSchemaProblem(schema);
    if (problem) {
      throw invalidRequest(`Invalid schema for response_format '${name}': ${problem}`, "text.format.schema", "invalid_json_schema");
    }
  }
  const echo: Record<string, unknown> = { type, name, schema, strict };
  if (description !== undefined) echo.description = description;
  return { text: { format: echo, verbosity }, format: { type, schema } };
}

function parseReasoning(value: unknown, reasoningModel: boolean): ResponseRequest["reasoning"] {
  const reasoning = (optional<Record<string, unknown>>({ reasoning: value }, "reasoning", "object") ?? {}) as Record<string, unknown>;
  const summaryKey = reasoning.summary !== undefined && reasoning.summary !== null ? "summary" : "generate_summary";
  for (const key of ["effort", summaryKey]) {
    if (!reasoningModel && reasoning[key] !== undefined && reasoning[key] !== null) {
      throw invalidRequest(
        `Unsupported parameter: 'reasoning.${key}' is not supported with this model.`,
        `reasoning.${key}`,
        "unsupported_parameter",
      );
    }
  }
  if (!reasoningModel) return { effort: null, summary: null };
  const effort =
    reasoning.effort === undefined || reasoning.effort === null
      ? "medium"
      : expectEnum(reasoning.effort, ["none", "minimal", "low", "medium", "high", "xhigh", "max"], "reasoning.effort");
  const rawSummary = reasoning[summaryKey];
  const summary =
    rawSummary === undefined || rawSummary === null
      ? null
      : expectEnum(rawSummary, ["auto", "concise", "detailed"], `reasoning.${summaryKey}`);
  return { effort, summary };
}
