import "server-only";
import { invalidRequest, missingParameter } from "../errors";
import { expectEnum, expectType, sandboxUnsupported } from "../responses/params";
import type { Entry } from "../responses/turn";

// Chat Completions `messages`: checked as the real API checks them (roles, content shapes, tool
// messages answering the assistant's tool calls) and turned into the instructions and entries a
// sandbox turn reads.

type Message = Record<string, unknown>;

const ROLES = ["system", "assistant", "user", "function", "tool", "developer"] as const;

export interface ParsedMessages {
  instructions: string;
  entries: Entry[];
  /** What GET /chat/completions/{id}/messages lists: the text and, when given as parts, the parts. */
  stored: { role: string; content: string | null; name: string | null; content_parts: unknown[] | null }[];
}

export function parseMessages(value: unknown): ParsedMessages {
  if (value === undefined || value === null) throw missingParameter("messages");
  expectType(value, "array", "messages");
  const list = value as unknown[];
  if (!list.length) {
    throw invalidRequest(
      "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      "messages",
      "empty_array",
    );
  }
  const instructions: string[] = [];
  const entries: Entry[] = [];
  const stored: ParsedMessages["stored"] = [];
  let pendingCalls: string[] = [];
  let pendingFrom = -1;
  list.forEach((raw, i) => {
    const param = `messages[${i}]`;
    expectType(raw, "object", param);
    const message = raw as Message;
    if (message.role === undefined) throw missingParameter(`${param}.role`);
    const role = expectEnum(message.role, ROLES, `${param}.role`);
    if (role !== "tool" && pendingCalls.length) throw unansweredCalls(pendingCalls, pendingFrom);
    if (role === "function") throw sandboxUnsupported(`${param}.role`, "the deprecated 'function' role (use tools)");
    const name = message.name === undefined || message.name === null ? null : (message.name as string);
    if (name !== null) expectType(name, "string", `${param}.name`);

    if (role === "tool") {
      if (message.tool_call_id === undefined) throw missingParameter(`${param}.tool_call_id`);
      expectType(message.tool_call_id, "string", `${param}.tool_call_id`);
      const callId = message.tool_call_id as string;
      if (!pendingCalls.includes(callId)) {
        throw invalidRequest(
          "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
          `messages.[${i}].role`,
          null,
        );
      }
      pendingCalls = pendingCalls.filter((id) => id !== callId);
      const { text, parts } = content(message.content, param, ["text"], true);
      entries.push({ kind: "function_call_output", callId, output: text });
      stored.push({ role, content: text, name, content_parts: parts });
      return;
    }

    if (role === "assistant") {
      const hasCalls = message.tool_calls !== undefined && message.tool_calls !== null;
      if ((message.content === undefined || message.content === null) && !hasCalls) throw missingParameter(`${param}.content`);
      const { text, parts } = content(message.content, param, ["text", "refusal"], true);
      if (text) entries.push({ kind: "message", role: "assistant", text, images: 0 });
      stored.push({ role, content: text || null, name, content_parts: parts });
      if (hasCalls) {
        expectType(message.tool_calls, "array", `${param}.tool_calls`);
        (message.tool_calls as unknown[]).forEach((call, j) => {
          const callParam = `${param}.tool_calls[${j}]`;
          expectType(call, "object", callParam);
          const c = call as Message;
          expectType(c.id, "string", `${callParam}.id`);
          expectEnum(c.type, ["function"], `${callParam}.type`);
          expectType(c.function, "object", `${callParam}.function`);
          const fn = c.function as Message;
          expectType(fn.name, "string", `${callParam}.function.name`);
          expectType(fn.arguments, "string", `${callParam}.function.arguments`);
          entries.push({ kind: "function_call", callId: c.id as string, name: fn.name as string, arguments: fn.arguments as string });
          pendingCalls.push(c.id as string);
        });
        pendingFrom = i;
      }
      return;
    }

    const allowed = role === "user" ? ["text", "image_url"] : ["text"];
    const { text, parts, images } = content(message.content, param, allowed, false);
    if (role === "system" || role === "developer") instructions.push(text);
    else entries.push({ kind: "message", role: "user", text, images });
    stored.push({ role, content: text, name, content_parts: parts });
  });
  if (pendingCalls.length) throw unansweredCalls(pendingCalls, pendingFrom);
  return { instructions: instructions.join("\n"), entries, stored };
}

function unansweredCalls(ids: string[], at: number) {
  return invalidRequest(
    `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${ids.join(", ")}`,
    `messages.[${at}].role`,
    null,
  );
}

function content(
  value: unknown,
  param: string,
  allowed: string[],
  optionalContent: boolean,
): { text: string; parts: unknown[] | null; images: number } {
  if (value === undefined || value === null) {
    if (optionalContent) return { text: "", parts: null, images: 0 };
    throw missingParameter(`${param}.content`);
  }
  if (typeof value === "string") return { text: value, parts: null, images: 0 };
  expectType(value, "array", `${param}.content`);
  const parts = value as Message[];
  if (!parts.length) {
    throw invalidRequest(
      `Invalid '${param}.content': empty array. Expected an array with minimum length 1, but got an empty array instead.`,
      `${param}.content`,
      "empty_array",
    );
  }
  const texts: string[] = [];
  let images = 0;
  parts.forEach((part, j) => {
    const partParam = `${param}.content[${j}]`;
    expectType(part, "object", partParam);
    if (part.type === "input_audio" || part.type === "file")
      throw sandboxUnsupported(`${partParam}.type`, `content parts of type '${part.type}'`);
    const type = expectEnum(part.type, allowed, `${partParam}.type`);
    if (type === "text") {
      expectType(part.text, "string", `${partParam}.text`);
      texts.push(part.text as string);
    } else if (type === "refusal") {
      expectType(part.refusal, "string", `${partParam}.refusal`);
      texts.push(part.refusal as string);
    } else {
      expectType(part.image_url, "object", `${partParam}.image_url`);
      expectType((part.image_url as Message).url, "string", `${partParam}.image_url.url`);
      images++;
    }
  });
  return { text: texts.join("\n"), parts, images };
}
