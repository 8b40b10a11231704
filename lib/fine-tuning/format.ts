// The format of fine-tuning examples, one JSONL line each, per method: chat messages with at least
// one assistant answer (supervised), an input with a preferred and a non-preferred answer (DPO),
// messages ending with the prompt (reinforcement). Shared by the sandbox, which fails a job on the
// first bad line, and the browser, which lists every bad line before anything is sent. Pure code:
// no server or browser imports.

export type MethodType = "supervised" | "dpo" | "reinforcement";

/** A training file needs at least this many examples. */
export const MIN_EXAMPLES = 10;

type Json = Record<string, unknown>;

const ROLES = ["system", "developer", "user", "assistant", "tool", "function"];
const MESSAGE_KEYS = ["role", "content", "name", "weight", "tool_calls", "function_call", "tool_call_id", "refusal"];

export const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

function contentText(content: unknown): string | null {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return null;
  const texts: string[] = [];
  for (const part of content) {
    if (!isObject(part)) return null;
    if (part.type === "text" && typeof part.text === "string") texts.push(part.text);
    else if (part.type !== "image_url") return null;
  }
  return texts.join("\n");
}

/** Checks a list of chat messages; returns its text for counting, or the problem. */
function checkMessages(messages: unknown, where: string, key: string): { text: string } | { problem: string } {
  if (messages === undefined) return { problem: `${where}: missing key '${key}'` };
  if (!Array.isArray(messages) || messages.length === 0) return { problem: `${where}: '${key}' must be a non-empty list of messages` };
  const texts: string[] = [];
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i];
    const at = `${where}, message ${i + 1}`;
    if (!isObject(message)) return { problem: `${at}: each message must be an object` };
    for (const k of Object.keys(message)) if (!MESSAGE_KEYS.includes(k)) return { problem: `${at}: unrecognized key '${k}'` };
    if (message.role === undefined) return { problem: `${at}: missing key 'role'` };
    if (typeof message.role !== "string" || !ROLES.includes(message.role)) {
      return { problem: `${at}: unrecognized role '${String(message.role)}' (expected one of ${ROLES.join(", ")})` };
    }
    const callsTools = message.role === "assistant" && (message.tool_calls !== undefined || message.function_call !== undefined);
    if (message.content === undefined || message.content === null) {
      if (!callsTools) return { problem: `${at}: missing content` };
    } else {
      const text = contentText(message.content);
      if (text === null) return { problem: `${at}: content must be a string or a list of text and image parts` };
      texts.push(text);
    }
    if (message.weight !== undefined) {
      if (message.role !== "assistant") return { problem: `${at}: 'weight' is only allowed on assistant messages` };
      if (message.weight !== 0 && message.weight !== 1) return { problem: `${at}: 'weight' must be 0 or 1` };
    }
  }
  return { text: texts.join("\n") };
}

/** One example in the method's format: its text (for token counting) or what is wrong with it. */
export function checkExample(method: MethodType, example: Json, line: number): { text: string } | { problem: string } {
  const where = `Line ${line}`;
  if (method === "supervised") {
    const checked = checkMessages(example.messages, where, "messages");
    if ("problem" in checked) return checked;
    const messages = example.messages as Json[];
    if (!messages.some((m) => m.role === "assistant"))
      return { problem: `${where}: no message from the assistant; every example needs at least one to learn from` };
    if (example.tools !== undefined && !Array.isArray(example.tools)) return { problem: `${where}: 'tools' must be a list` };
    return checked;
  }
  if (method === "dpo") {
    if (!isObject(example.input)) return { problem: `${where}: missing key 'input' (an object with 'messages')` };
    const input = checkMessages(example.input.messages, where, "input.messages");
    if ("problem" in input) return input;
    const texts = [input.text];
    for (const key of ["preferred_output", "non_preferred_output"]) {
      const output = example[key];
      if (output === undefined) return { problem: `${where}: missing key '${key}'` };
      const checked = checkMessages(output, where, key);
      if ("problem" in checked) return checked;
      const messages = output as Json[];
      if (messages.length !== 1 || messages[0].role !== "assistant" || typeof messages[0].content !== "string") {
        return { problem: `${where}: '${key}' must hold exactly one assistant message with text content` };
      }
      texts.push(checked.text);
    }
    return { text: texts.join("\n") };
  }
  const checked = checkMessages(example.messages, where, "messages");
  if ("problem" in checked) return checked;
  const last = (example.messages as Json[]).at(-1);
  if (last?.role === "assistant") {
    return { problem: `${where}: the last message must not be from the assistant; a reinforcement example ends with the prompt to answer` };
  }
  return checked;
}
