import "server-only";
import { invalidRequest, missingParameter, modelNotFound, SandboxError } from "../errors";
import { findModel, type SandboxModel } from "../models";
import { checkMetadata, expectEnum, expectRange, expectType, optional, required, sandboxUnsupported } from "../responses/params";
import { strictSchemaProblem } from "../responses/strict-schema";
import type { OutputFormat, ToolChoice, ToolSpec } from "../responses/turn";
import { type ParsedMessages, parseMessages } from "./messages";

// The body of POST /chat/completions, checked as the real API checks it.

export interface ChatRequest {
  model: SandboxModel;
  modelName: string;
  messages: ParsedMessages;
  n: number;
  maxTokens: number | null;
  stop: string[];
  seed: number | undefined;
  logprobs: boolean;
  topLogprobs: number;
  format: OutputFormat;
  tools: ToolSpec[];
  toolChoice: ToolChoice;
  parallelToolCalls: boolean;
  stream: boolean;
  includeUsage: boolean;
  store: boolean;
  metadata: Record<string, string> | null;
  reasoningEffort: string;
  serviceTier: string;
}

const KNOWN = new Set([
  "model",
  "messages",
  "n",
  "max_completion_tokens",
  "max_tokens",
  "stop",
  "seed",
  "logprobs",
  "top_logprobs",
  "response_format",
  "tools",
  "tool_choice",
  "parallel_tool_calls",
  "stream",
  "stream_options",
  "store",
  "metadata",
  "temperature",
  "top_p",
  "frequency_penalty",
  "presence_penalty",
  "user",
  "safety_identifier",
  "prompt_cache_key",
  "prompt_cache_retention",
  "prompt_cache_options",
  "service_tier",
  "reasoning_effort",
  "verbosity",
  "modalities",
  "logit_bias",
]);
// Real parameters whose effect the sandbox does not emulate; refused rather than ignored.
const NOT_EMULATED = new Set(["audio", "prediction", "web_search_options", "functions", "function_call", "moderation"]);

async function chatModel(value: unknown, project: string): Promise<{ model: SandboxModel; name: string }> {
  if (value === undefined || value === null || value === "") throw missingParameter("model");
  expectType(value, "string", "model");
  const name = value as string;
  const model = await findModel(name.startsWith("sandbox-fault-") ? "sandbox-chat" : name, project);
  if (!model) throw modelNotFound(name);
  if (model.kind === "embedding") {
    throw new SandboxError(
      404,
      "This is not a chat model and thus not supported in the v1/chat/completions endpoint. Did you mean to use v1/completions?",
      "invalid_request_error",
      "model",
      null,
    );
  }
  return { model, name };
}

function unsupportedWithModel(param: string) {
  return invalidRequest(`Unsupported parameter: '${param}' is not supported with this model.`, param, "unsupported_parameter");
}

export async function parseChatRequest(body: Record<string, unknown>, project: string): Promise<ChatRequest> {
  for (const key of Object.keys(body)) {
    if (NOT_EMULATED.has(key) && body[key] !== null && body[key] !== undefined) throw sandboxUnsupported(key);
    if (!KNOWN.has(key) && !NOT_EMULATED.has(key)) throw invalidRequest(`Unrecognized request argument supplied: ${key}`);
  }
  const { model, name } = await chatModel(body.model, project);
  const messages = parseMessages(body.messages);
  const reasoning = model.kind === "reasoning";

  for (const [key, min, max] of [
    ["temperature", 0, 2],
    ["top_p", 0, 1],
    ["frequency_penalty", -2, 2],
    ["presence_penalty", -2, 2],
  ] as const) {
    const value = optional<number>(body, key, "number");
    if (value === undefined) continue;
    expectRange(value, key, min, max, "decimal");
    const neutral = key === "temperature" || key === "top_p" ? 1 : 0;
    if (reasoning && value !== neutral) {
      throw invalidRequest(
        `Unsupported value: '${key}' does not support ${value} with this model. Only the default (${neutral}) value is supported.`,
        key,
        "unsupported_value",
      );
    }
  }
  const n = optional<number>(body, "n", "integer") ?? 1;
  expectRange(n, "n", 1, 128);
  const maxCompletion = optional<number>(body, "max_completion_tokens", "integer");
  const legacyMax = optional<number>(body, "max_tokens", "integer");
  if (legacyMax !== undefined && reasoning) {
    throw invalidRequest(
      "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
      "max_tokens",
      "unsupported_parameter",
    );
  }
  const maxTokens = maxCompletion ?? legacyMax ?? null;
  if (maxTokens !== null)
    expectRange(maxTokens, maxCompletion !== undefined ? "max_completion_tokens" : "max_tokens", 1, model.maxOutputTokens);

  let stop: string[] = [];
  if (body.stop !== undefined && body.stop !== null) {
    if (reasoning) throw unsupportedWithModel("stop");
    if (typeof body.stop === "string") stop = [body.stop];
    else {
      expectType(body.stop, "array", "stop");
      stop = body.stop as string[];
      stop.forEach((s, i) => {
        expectType(s, "string", `stop[${i}]`);
      });
      if (stop.length > 4) {
        throw invalidRequest(
          `Invalid 'stop': array too long. Expected an array with maximum length 4, but got an array with length ${stop.length} instead.`,
          "stop",
          "array_above_max_length",
        );
      }
    }
  }
  const seed = optional<number>(body, "seed", "integer");
  const logprobs = optional<boolean>(body, "logprobs", "boolean") ?? false;
  const topLogprobs = optional<number>(body, "top_logprobs", "integer");
  if (topLogprobs !== undefined) {
    expectRange(topLogprobs, "top_logprobs", 0, 20);
    if (!logprobs)
      throw invalidRequest(
        "Invalid value for 'top_logprobs': 'logprobs' must be set to true when 'top_logprobs' is used.",
        "top_logprobs",
        "invalid_value",
      );
  }
  if (logprobs && reasoning) throw unsupportedWithModel("logprobs");
  const logitBias = optional<Record<string, unknown>>(body, "logit_bias", "object");
  if (logitBias && Object.keys(logitBias).length) throw sandboxUnsupported("logit_bias");
  const modalities = optional<unknown[]>(body, "modalities", "array") ?? [];
  modalities.forEach((m, i) => {
    if (expectEnum(m, ["text", "audio"], `modalities[${i}]`) === "audio") throw sandboxUnsupported(`modalities[${i}]`, "audio output");
  });

  const stream = optional<boolean>(body, "stream", "boolean") ?? false;
  const streamOptions = optional<Record<string, unknown>>(body, "stream_options", "object");
  if (streamOptions && !stream)
    throw invalidRequest("The 'stream_options' parameter is only allowed when 'stream' is enabled.", "stream_options", "invalid_value");
  const includeUsage =
    (streamOptions && optional<boolean>(streamOptions, "include_usage", "boolean", "stream_options.include_usage")) ?? false;

  const { tools, toolChoice } = parseChatTools(body.tools, body.tool_choice);
  const effort = body.reasoning_effort;
  if (effort !== undefined && effort !== null && !reasoning) throw unsupportedWithModel("reasoning_effort");
  const reasoningEffort =
    effort === undefined || effort === null
      ? "medium"
      : expectEnum(effort, ["none", "minimal", "low", "medium", "high", "xhigh", "max"], "reasoning_effort");
  if (body.verbosity !== undefined && body.verbosity !== null) expectEnum(body.verbosity, ["low", "medium", "high"], "verbosity");
  const serviceTier = body.service_tier === undefined || body.service_tier === null ? "auto" : body.service_tier;
  expectEnum(serviceTier, ["auto", "default", "flex", "scale", "priority", "fast"], "service_tier");
  for (const key of ["user", "safety_identifier", "prompt_cache_key"]) optional(body, key, "string");

  return {
    model,
    modelName: name,
    messages,
    n,
    maxTokens,
    stop,
    seed,
    logprobs,
    topLogprobs: topLogprobs ?? 0,
    format: parseResponseFormat(body.response_format, messages),
    tools,
    toolChoice,
    parallelToolCalls: optional<boolean>(body, "parallel_tool_calls", "boolean") ?? true,
    stream,
    includeUsage,
    store: optional<boolean>(body, "store", "boolean") ?? false,
    metadata: checkMetadata(body.metadata) ?? null,
    reasoningEffort,
    serviceTier: serviceTier === "auto" ? "default" : (serviceTier as string),
  };
}

function parseResponseFormat(value: unknown, messages: ParsedMessages): OutputFormat {
  if (value === undefined || value === null) return { type: "text" };
  expectType(value, "object", "response_format");
  const format = value as Record<string, unknown>;
  const type = expectEnum(format.type, ["text", "json_object", "json_schema"], "response_format.type");
  if (type === "json_object") {
    const all = [messages.instructions, ...messages.entries.map((e) => (e.kind === "message" ? e.text : ""))].join("\n");
    if (!/json/i.test(all)) {
      throw invalidRequest(
        "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.",
        "messages",
        null,
      );
    }
    return { type };
  }
  if (type === "text") return { type };
  const spec = required<Record<string, unknown>>(format, "json_schema", "object", "response_format.json_schema");
  const name = required<string>(spec, "name", "string", "response_format.json_schema.name");
  const schema = optional<Record<string, unknown>>(spec, "schema", "object", "response_format.json_schema.schema") ?? {
    type: "object",
    properties: {},
  };
  if (optional<boolean>(spec, "strict", "boolean", "response_format.json_schema.strict")) {
    const problem = strictSchemaProblem(schema);
    if (problem) throw invalidRequest(`Invalid schema for response_format '${name}': ${problem}`, "response_format", null);
  }
  return { type, schema };
}

function parseChatTools(value: unknown, choiceValue: unknown): { tools: ToolSpec[]; toolChoice: ToolChoice } {
  const tools: ToolSpec[] = [];
  if (value !== undefined && value !== null) {
    expectType(value, "array", "tools");
    (value as unknown[]).forEach((raw, i) => {
      const param = `tools[${i}]`;
      expectType(raw, "object", param);
      const tool = raw as Record<string, unknown>;
      if (tool.type === "custom") throw sandboxUnsupported(`${param}.type`, "custom tools");
      expectEnum(tool.type, ["function", "custom"], `${param}.type`);
      const fn = required<Record<string, unknown>>(tool, "function", "object", `${param}.function`);
      const name = required<string>(fn, "name", "string", `${param}.function.name`);
      if (!/^[a-zA-Z0-9_-]{1,64}$/.test(name)) {
        throw invalidRequest(
          `Invalid '${param}.function.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`,
          `${param}.function.name`,
          "invalid_value",
        );
      }
      const parameters = optional<Record<string, unknown>>(fn, "parameters", "object", `${param}.function.parameters`) ?? null;
      if (optional<boolean>(fn, "strict", "boolean", `${param}.function.strict`) && parameters) {
        const problem = strictSchemaProblem(parameters);
        if (problem)
          throw invalidRequest(
            `Invalid schema for function '${name}': ${problem}`,
            `${param}.function.parameters`,
            "invalid_function_parameters",
          );
      }
      tools.push({ name, parameters });
    });
  }
  if (choiceValue === undefined || choiceValue === null) return { tools, toolChoice: tools.length ? "auto" : "none" };
  if (!tools.length)
    throw invalidRequest("Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.", "tool_choice", null);
  if (typeof choiceValue === "string")
    return { tools, toolChoice: expectEnum(choiceValue, ["none", "auto", "required"] as const, "tool_choice") };
  expectType(choiceValue, "object", "tool_choice");
  const choice = choiceValue as Record<string, unknown>;
  const type = expectEnum(choice.type, ["function", "allowed_tools"], "tool_choice.type");
  if (type === "allowed_tools") {
    const allowed = required<Record<string, unknown>>(choice, "allowed_tools", "object", "tool_choice.allowed_tools");
    const mode = expectEnum(allowed.mode, ["auto", "required"] as const, "tool_choice.allowed_tools.mode");
    const list = required<Record<string, unknown>[]>(allowed, "tools", "array", "tool_choice.allowed_tools.tools");
    const names = new Set(list.map((t) => (t?.function as Record<string, unknown> | undefined)?.name));
    return { tools: tools.filter((t) => names.has(t.name)), toolChoice: mode };
  }
  const fn = required<Record<string, unknown>>(choice, "function", "object", "tool_choice.function");
  const name = required<string>(fn, "name", "string", "tool_choice.function.name");
  if (!tools.some((t) => t.name === name)) {
    throw invalidRequest(
      `Invalid value for 'tool_choice': tool choice function '${name}' not found in 'tools' parameter.`,
      "tool_choice",
      null,
    );
  }
  return { tools, toolChoice: { name } };
}
