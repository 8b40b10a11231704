import "server-only";
import { randomBytes } from "node:crypto";
import { invalidRequest, missingParameter } from "../errors";
import { newId } from "../ids";
import { expectEnum, expectType, sandboxUnsupported } from "./params";
import type { Entry } from "./turn";

// A Responses `input` (a string or a list of items) normalized into the items the API lists under
// /responses/{id}/input_items: every item has an id, a type and a status, and every message a list
// of content parts. The same items, with the output of earlier responses, become the turn's
// entries.

export type Item = Record<string, unknown>;

const ROLES = ["user", "assistant", "system", "developer"] as const;
const ITEM_TYPES = ["message", "function_call", "function_call_output", "reasoning", "item_reference", "file_search_call"] as const;
const UNSUPPORTED_ITEMS = [
  "computer_call",
  "computer_call_output",
  "web_search_call",
  "image_generation_call",
  "code_interpreter_call",
  "local_shell_call",
  "local_shell_call_output",
  "shell_call",
  "shell_call_output",
  "apply_patch_call",
  "apply_patch_call_output",
  "mcp_list_tools",
  "mcp_approval_request",
  "mcp_approval_response",
  "mcp_call",
  "custom_tool_call",
  "custom_tool_call_output",
  "compaction",
];
const INPUT_PARTS = ["input_text", "input_image", "input_file"] as const;

export const functionCallOutputId = () => `fco_${randomBytes(24).toString("hex")}`;

export function normalizeInput(input: unknown, lookup: (id: string) => Item | undefined): Item[] {
  if (typeof input === "string") return [userMessage(input)];
  expectType(input, "array", "input");
  const list = input as unknown[];
  if (!list.length) {
    throw invalidRequest(
      "Invalid 'input': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      "input",
      "empty_array",
    );
  }
  return list.map((raw, i) => normalizeItem(raw, `input[${i}]`, lookup));
}

function userMessage(text: string): Item {
  return { id: newId.message(), type: "message", role: "user", status: "completed", content: [{ type: "input_text", text }] };
}

function normalizeItem(raw: unknown, param: string, lookup: (id: string) => Item | undefined): Item {
  expectType(raw, "object", param);
  const item = raw as Item;
  const type = item.type ?? (item.role !== undefined ? "message" : undefined);
  if (type === undefined) throw missingParameter(`${param}.type`);
  if (typeof type === "string" && UNSUPPORTED_ITEMS.includes(type))
    throw sandboxUnsupported(`${param}.type`, `input items of type '${type}'`);
  expectEnum(type, ITEM_TYPES, `${param}.type`);
  switch (type) {
    case "message":
      return normalizeMessage(item, param);
    case "function_call": {
      for (const key of ["call_id", "name", "arguments"]) {
        if (item[key] === undefined) throw missingParameter(`${param}.${key}`);
        expectType(item[key], "string", `${param}.${key}`);
      }
      return {
        id: stringOr(item.id, newId.functionCall()),
        type,
        status: "completed",
        call_id: item.call_id,
        name: item.name,
        arguments: item.arguments,
      };
    }
    case "function_call_output": {
      if (item.call_id === undefined || item.call_id === null) throw missingParameter(`${param}.call_id`);
      expectType(item.call_id, "string", `${param}.call_id`);
      if (item.output === undefined) throw missingParameter(`${param}.output`);
      if (typeof item.output !== "string") expectType(item.output, "array", `${param}.output`);
      return { id: stringOr(item.id, functionCallOutputId()), type, status: "completed", call_id: item.call_id, output: item.output };
    }
    case "reasoning":
      expectType(item.summary, "array", `${param}.summary`);
      return { id: stringOr(item.id, newId.reasoning()), type, summary: item.summary };
    case "item_reference": {
      expectType(item.id, "string", `${param}.id`);
      const found = lookup(item.id as string);
      if (!found) throw invalidRequest(`Item with id '${item.id}' not found.`, "input", null);
      return found;
    }
    default:
      return { ...item };
  }
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === "string" && value ? value : fallback;
}

function normalizeMessage(item: Item, param: string): Item {
  const role = expectEnum(item.role, ROLES, `${param}.role`);
  const content = item.content;
  if (content === undefined || content === null) throw missingParameter(`${param}.content`);
  const id = stringOr(item.id, newId.message());
  if (role === "assistant") {
    const parts =
      typeof content === "string"
        ? [{ type: "output_text", text: content, annotations: [], logprobs: [] }]
        : asArray(content, `${param}.content`).map((part, j) => assistantPart(part, `${param}.content[${j}]`));
    return { id, type: "message", role, status: "completed", content: parts };
  }
  const parts =
    typeof content === "string"
      ? [{ type: "input_text", text: content }]
      : asArray(content, `${param}.content`).map((part, j) => inputPart(part, `${param}.content[${j}]`));
  return { id, type: "message", role, status: "completed", content: parts };
}

function asArray(value: unknown, param: string): Item[] {
  expectType(value, "array", param);
  (value as unknown[]).forEach((part, j) => {
    expectType(part, "object", `${param}[${j}]`);
  });
  return value as Item[];
}

function inputPart(part: Item, param: string): Item {
  const type = expectEnum(part.type, INPUT_PARTS, `${param}.type`);
  if (type === "input_text") {
    if (part.text === undefined) throw missingParameter(`${param}.text`);
    expectType(part.text, "string", `${param}.text`);
    return { type, text: part.text };
  }
  if (type === "input_file") {
    // The sandbox does not read attached files; say so rather than answer as if it had.
    throw sandboxUnsupported(`${param}.type`, "input_file content parts (attach files to a vector store and use file_search)");
  }
  const url = part.image_url ?? null;
  const fileId = part.file_id ?? null;
  if (url === null && fileId === null) throw missingParameter(`${param}.image_url`);
  if (url !== null) expectType(url, "string", `${param}.image_url`);
  if (fileId !== null) expectType(fileId, "string", `${param}.file_id`);
  const detail =
    part.detail === undefined || part.detail === null
      ? "auto"
      : expectEnum(part.detail, ["low", "high", "auto", "original"], `${param}.detail`);
  return { type, image_url: url, file_id: fileId, detail };
}

function assistantPart(part: Item, param: string): Item {
  const type = expectEnum(part.type, ["output_text", "refusal"], `${param}.type`);
  if (type === "refusal") {
    expectType(part.refusal, "string", `${param}.refusal`);
    return { type, refusal: part.refusal };
  }
  expectType(part.text, "string", `${param}.text`);
  return { type, text: part.text, annotations: Array.isArray(part.annotations) ? part.annotations : [], logprobs: [] };
}

/** The entries a turn reads from normalized items (input items and earlier output alike). */
export function itemsToEntries(items: Item[]): Entry[] {
  const entries: Entry[] = [];
  for (const item of items) {
    if (item.type === "message") {
      const parts = (item.content as Item[]) ?? [];
      const text = parts
        .map((p) => (typeof p.text === "string" ? p.text : typeof p.refusal === "string" ? p.refusal : ""))
        .filter(Boolean)
        .join("\n");
      const images = parts.filter((p) => p.type === "input_image").length;
      entries.push({ kind: "message", role: item.role as (typeof ROLES)[number], text, images });
    } else if (item.type === "function_call") {
      entries.push({ kind: "function_call", callId: String(item.call_id), name: String(item.name), arguments: String(item.arguments) });
    } else if (item.type === "function_call_output") {
      entries.push({ kind: "function_call_output", callId: String(item.call_id), output: outputText(item.output) });
    } else if (item.type === "reasoning") {
      const summary = Array.isArray(item.summary) ? (item.summary as Item[]).map((s) => String(s.text ?? "")).join("\n") : "";
      entries.push({ kind: "reasoning", text: summary });
    }
  }
  return entries;
}

function outputText(output: unknown): string {
  if (typeof output === "string") return output;
  if (!Array.isArray(output)) return "";
  return (output as Item[])
    .map((part) => (typeof part?.text === "string" ? part.text : ""))
    .filter(Boolean)
    .join("\n");
}
