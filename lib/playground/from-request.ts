import { DEFAULT_FORMAT, DEFAULT_PARAMS, DEFAULT_TOOLS, type MessageRole, newMessage, type PlaygroundSetup } from "./state";

// Rebuilds a playground setup from a logged request body ("open in playground" in the request
// log): the model, the instructions, the messages and the sampling parameters of a Responses or
// Chat Completions call. Anything the playground cannot show (tools, images, files) is left out.

const ROLES = new Set<MessageRole>(["user", "assistant", "developer", "system"]);

function textOf(content: unknown): string | null {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return null;
  const parts = content.flatMap((part) =>
    part && typeof part === "object" && typeof (part as { text?: unknown }).text === "string" ? [(part as { text: string }).text] : [],
  );
  return parts.length ? parts.join("\n") : null;
}

export function setupFromRequest(endpoint: string, body: string): PlaygroundSetup | null {
  let request: Record<string, unknown>;
  try {
    request = JSON.parse(body);
  } catch {
    return null;
  }
  if (!request || typeof request !== "object" || typeof request.model !== "string") return null;
  const api = endpoint === "/chat/completions" ? "chat" : endpoint === "/responses" ? "responses" : null;
  if (!api) return null;
  const raw =
    api === "chat" ? request.messages : typeof request.input === "string" ? [{ role: "user", content: request.input }] : request.input;
  const messages = (Array.isArray(raw) ? raw : []).flatMap((item) => {
    const role = (item as { role?: unknown })?.role as MessageRole;
    const text = textOf((item as { content?: unknown })?.content);
    return ROLES.has(role) && text !== null ? [newMessage(role, text)] : [];
  });
  const number = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? value : null);
  return {
    api,
    model: request.model,
    instructions: typeof request.instructions === "string" ? request.instructions : "",
    messages,
    params: {
      ...DEFAULT_PARAMS,
      temperature: number(request.temperature),
      topP: number(request.top_p),
      maxOutputTokens: number(request.max_output_tokens ?? request.max_completion_tokens ?? request.max_tokens),
      store: request.store !== false,
    },
    tools: DEFAULT_TOOLS,
    format: DEFAULT_FORMAT,
  };
}
