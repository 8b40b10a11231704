// The playground's setup as plain data: what the page edits, what is sent, and (later) what is saved.
// No React and no SDK here, so the request a setup makes can be tested on its own.

export type PlaygroundApi = "responses" | "chat";
export type MessageRole = "user" | "assistant" | "developer" | "system";

export interface PlaygroundMessage {
  id: string;
  role: MessageRole;
  content: string;
}

export interface PlaygroundParams {
  temperature: number | null;
  topP: number | null;
  maxOutputTokens: number | null;
  /** Responses only: keep the response upstream (needed to continue with previous_response_id). */
  store: boolean;
}

export interface PlaygroundSetup {
  api: PlaygroundApi;
  model: string;
  instructions: string;
  messages: PlaygroundMessage[];
  params: PlaygroundParams;
}

/** A Responses turn the next one can continue from, if the conversation before it is unchanged. */
export interface ResponseChain {
  responseId: string;
  /** How many messages (including the answer) the chained response covers. */
  messageCount: number;
  /** The conversation's edit count when the chain was made; any edit of earlier messages breaks it. */
  editCount: number;
}

export const DEFAULT_PARAMS: PlaygroundParams = { temperature: null, topP: null, maxOutputTokens: null, store: true };

export function newMessage(role: MessageRole, content = ""): PlaygroundMessage {
  return { id: Math.random().toString(36).slice(2, 10), role, content };
}

function sampling(params: PlaygroundParams) {
  const out: Record<string, number> = {};
  if (params.temperature !== null) out.temperature = params.temperature;
  if (params.topP !== null) out.top_p = params.topP;
  return out;
}

/** Whether the next Responses turn may send only the new messages with previous_response_id. */
export function canChain(setup: PlaygroundSetup, chain: ResponseChain | null, editCount: number): chain is ResponseChain {
  return (
    !!chain &&
    setup.params.store &&
    chain.editCount === editCount &&
    setup.messages.length > chain.messageCount &&
    setup.messages.slice(chain.messageCount).every((message) => message.role !== "assistant")
  );
}

export function buildResponsesRequest(setup: PlaygroundSetup, chain: ResponseChain | null, editCount: number) {
  const chained = canChain(setup, chain, editCount);
  const messages = chained ? setup.messages.slice(chain.messageCount) : setup.messages;
  const body: Record<string, unknown> = {
    model: setup.model,
    input: messages.map((message) => ({ role: message.role, content: message.content })),
    stream: true,
    store: setup.params.store,
    ...sampling(setup.params),
  };
  if (setup.instructions.trim()) body.instructions = setup.instructions;
  if (setup.params.maxOutputTokens !== null) body.max_output_tokens = setup.params.maxOutputTokens;
  if (chained) body.previous_response_id = chain.responseId;
  return body;
}

export function buildChatRequest(setup: PlaygroundSetup) {
  const messages: { role: string; content: string }[] = [];
  if (setup.instructions.trim()) messages.push({ role: "developer", content: setup.instructions });
  for (const message of setup.messages) messages.push({ role: message.role, content: message.content });
  const body: Record<string, unknown> = {
    model: setup.model,
    messages,
    stream: true,
    stream_options: { include_usage: true },
    ...sampling(setup.params),
  };
  if (setup.params.maxOutputTokens !== null) body.max_completion_tokens = setup.params.maxOutputTokens;
  return body;
}

/** Token figures of a finished turn, from either API's usage object. */
export interface TurnUsage {
  input: number;
  cached: number;
  output: number;
  reasoning: number;
}

export function usageFrom(usage: unknown): TurnUsage | null {
  if (!usage || typeof usage !== "object") return null;
  const u = usage as Record<string, Record<string, number> | number | undefined>;
  const n = (value: unknown) => (typeof value === "number" ? value : 0);
  if ("input_tokens" in u) {
    return {
      input: n(u.input_tokens),
      cached: n((u.input_tokens_details as Record<string, number> | undefined)?.cached_tokens),
      output: n(u.output_tokens),
      reasoning: n((u.output_tokens_details as Record<string, number> | undefined)?.reasoning_tokens),
    };
  }
  return {
    input: n(u.prompt_tokens),
    cached: n((u.prompt_tokens_details as Record<string, number> | undefined)?.cached_tokens),
    output: n(u.completion_tokens),
    reasoning: n((u.completion_tokens_details as Record<string, number> | undefined)?.reasoning_tokens),
  };
}
