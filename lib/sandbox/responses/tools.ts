import "server-only";
import { invalidRequest, missingParameter } from "../errors";
import { expectEnum, expectRange, expectType, optional, sandboxUnsupported } from "./params";
import { strictSchemaProblem } from "./strict-schema";
import type { ToolChoice, ToolSpec } from "./turn";

// `tools` and `tool_choice` of a Responses request: function tools and the file_search tool,
// echoed in the Response as the real API echoes them.

export interface FileSearchSpec {
  vectorStoreIds: string[];
  maxNumResults: number;
  scoreThreshold: number;
  filters: unknown;
}

export interface ParsedTools {
  /** The tools as the Response echoes them. */
  echo: Record<string, unknown>[];
  functions: ToolSpec[];
  fileSearch?: FileSearchSpec;
}

const NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const BUILT_IN = [
  "web_search",
  "web_search_preview",
  "web_search_2025_08_26",
  "computer_use_preview",
  "computer",
  "code_interpreter",
  "image_generation",
  "mcp",
  "local_shell",
  "shell",
  "custom",
  "apply_patch",
  "namespace",
  "tool_search",
];

export function parseTools(value: unknown): ParsedTools {
  const parsed: ParsedTools = { echo: [], functions: [] };
  if (value === undefined || value === null) return parsed;
  expectType(value, "array", "tools");
  (value as unknown[]).forEach((raw, i) => {
    const param = `tools[${i}]`;
    expectType(raw, "object", param);
    const tool = raw as Record<string, unknown>;
    if (tool.type === undefined) throw missingParameter(`${param}.type`);
    if (tool.type === "function") {
      const name = tool.name;
      if (name === undefined || name === null) throw missingParameter(`${param}.name`);
      expectType(name, "string", `${param}.name`);
      if (!NAME.test(name as string)) {
        throw invalidRequest(
          `Invalid '${param}.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`,
          `${param}.name`,
          "invalid_value",
        );
      }
      if (parsed.functions.some((f) => f.name === name)) {
        throw invalidRequest(`Duplicate tool name: '${name}'.`, `${param}.name`, "duplicate_tool_name");
      }
      const parameters = optional<Record<string, unknown>>(tool, "parameters", "object", `${param}.parameters`) ?? null;
      const description = optional<string>(tool, "description", "string", `${param}.description`) ?? null;
      const askedStrict = optional<boolean>(tool, "strict", "boolean", `${param}.strict`);
      const problem = parameters ? strictSchemaProblem(parameters) : undefined;
      if (askedStrict === true && problem) {
        throw invalidRequest(`Invalid schema for function '${name}': ${problem}`, `${param}.parameters`, "invalid_function_parameters");
      }
      // Functions are strict by default in the Responses API; a schema strict mode cannot take is
      // served non-strict rather than refused when the caller did not ask for strict.
      const strict = askedStrict ?? (parameters !== null && !problem);
      parsed.functions.push({ name: name as string, parameters });
      parsed.echo.push({ type: "function", name, description, parameters, strict });
      return;
    }
    if (tool.type === "file_search") {
      if (parsed.fileSearch) throw invalidRequest("Only one file_search tool is allowed.", param, "invalid_value");
      const ids = tool.vector_store_ids;
      if (ids === undefined || ids === null) throw missingParameter(`${param}.vector_store_ids`);
      expectType(ids, "array", `${param}.vector_store_ids`);
      (ids as unknown[]).forEach((id, j) => {
        expectType(id, "string", `${param}.vector_store_ids[${j}]`);
      });
      const max = optional<number>(tool, "max_num_results", "integer", `${param}.max_num_results`) ?? 10;
      expectRange(max, `${param}.max_num_results`, 1, 50);
      const ranking = optional<Record<string, unknown>>(tool, "ranking_options", "object", `${param}.ranking_options`) ?? {};
      const threshold = optional<number>(ranking, "score_threshold", "number", `${param}.ranking_options.score_threshold`) ?? 0;
      expectRange(threshold, `${param}.ranking_options.score_threshold`, 0, 1, "decimal");
      const ranker =
        ranking.ranker === undefined
          ? "auto"
          : expectEnum(ranking.ranker, ["auto", "default-2024-11-15"], `${param}.ranking_options.ranker`);
      const filters = tool.filters ?? null;
      parsed.fileSearch = { vectorStoreIds: ids as string[], maxNumResults: max, scoreThreshold: threshold, filters };
      parsed.echo.push({
        type: "file_search",
        vector_store_ids: ids,
        max_num_results: max,
        ranking_options: { ranker, score_threshold: threshold },
        filters,
      });
      return;
    }
    if (typeof tool.type === "string" && BUILT_IN.includes(tool.type)) {
      throw sandboxUnsupported(`${param}.type`, `tools of type '${tool.type}'`);
    }
    expectEnum(tool.type, ["function", "file_search", ...BUILT_IN], `${param}.type`);
  });
  return parsed;
}

export interface ParsedToolChoice {
  echo: unknown;
  choice: ToolChoice;
  /** Function tools the choice allows (allowed_tools narrows them). */
  functions: ToolSpec[];
  forceFileSearch: boolean;
}

export function parseToolChoice(value: unknown, tools: ParsedTools): ParsedToolChoice {
  const base = { functions: tools.functions, forceFileSearch: false };
  if (value === undefined || value === null) return { ...base, echo: "auto", choice: "auto" };
  if (typeof value === "string") {
    const choice = expectEnum(value, ["none", "auto", "required"], "tool_choice");
    if (choice === "required" && !tools.functions.length && !tools.fileSearch) {
      throw invalidRequest("Tool choice 'required' must be specified with 'tools' parameter.", "tool_choice", null);
    }
    return { ...base, echo: choice, choice, forceFileSearch: choice === "required" && !tools.functions.length };
  }
  expectType(value, "object", "tool_choice");
  const object = value as Record<string, unknown>;
  const type = expectEnum(object.type, ["function", "file_search", "allowed_tools"], "tool_choice.type");
  if (type === "file_search") {
    if (!tools.fileSearch) throw invalidRequest("Tool choice 'file_search' not found in 'tools' parameter.", "tool_choice", null);
    return { ...base, functions: [], echo: { type }, choice: "none", forceFileSearch: true };
  }
  if (type === "function") {
    if (object.name === undefined) throw missingParameter("tool_choice.name");
    expectType(object.name, "string", "tool_choice.name");
    if (!tools.functions.some((f) => f.name === object.name)) {
      throw invalidRequest(`Tool choice 'function' not found in 'tools' parameter.`, "tool_choice", null);
    }
    return { ...base, echo: { type, name: object.name }, choice: { name: object.name as string } };
  }
  const mode = expectEnum(object.mode, ["auto", "required"], "tool_choice.mode");
  expectType(object.tools, "array", "tool_choice.tools");
  const allowed = new Set((object.tools as Record<string, unknown>[]).filter((t) => t?.type === "function").map((t) => t.name));
  const functions = tools.functions.filter((f) => allowed.has(f.name));
  const fileSearchAllowed = (object.tools as Record<string, unknown>[]).some((t) => t?.type === "file_search");
  return {
    echo: { type, mode, tools: object.tools },
    choice: mode,
    functions,
    forceFileSearch: mode === "required" && !functions.length && fileSearchAllowed,
  };
}
