// The playground's setup as plain data: what the page edits, what is sent, and what is saved.
// No React and no SDK here, so the request a setup makes can be tested on its own.

export type PlaygroundApi = "responses" | "chat";
/** `tool` is the output of a function call, typed by the user. */
export type MessageRole = "user" | "assistant" | "developer" | "system" | "tool";

export interface ToolCall {
  callId: string;
  name: string;
  arguments: string;
}

export interface PlaygroundMessage {
  id: string;
  role: MessageRole;
  content: string;
  /** Image URLs (https: or data:) attached to a user message. */
  images?: string[];
  /** The function calls an assistant turn made. */
  toolCalls?: ToolCall[];
  /** For a tool message: the call it answers. */
  toolCallId?: string;
  toolName?: string;
  /** The reasoning summary of an assistant turn (shown folded, never sent back). */
  reasoning?: string;
}

export const REASONING_EFFORTS = ["minimal", "low", "medium", "high"] as const;
export const REASONING_SUMMARIES = ["auto", "concise", "detailed"] as const;

export interface PlaygroundParams {
  temperature: number | null;
  topP: number | null;
  maxOutputTokens: number | null;
  /** Responses only: keep the response upstream (needed to continue with previous_response_id). */
  store: boolean;
  reasoningEffort: (typeof REASONING_EFFORTS)[number] | null;
  /** Responses only. */
  reasoningSummary: (typeof REASONING_SUMMARIES)[number] | null;
  /** Chat only, as the Responses API takes none of these. */
  seed: number | null;
  stop: string[];
  frequencyPenalty: number | null;
  presencePenalty: number | null;
}

export interface FunctionTool {
  id: string;
  name: string;
  description: string;
  /** The JSON schema as the user typed it. */
  parameters: string;
  strict: boolean;
}

export interface PlaygroundTools {
  functions: FunctionTool[];
  /** Responses only. */
  fileSearch: { enabled: boolean; vectorStoreIds: string[] };
}

export interface PlaygroundFormat {
  type: "text" | "json_object" | "json_schema";
  name: string;
  /** The JSON schema as the user typed it. */
  schema: string;
  strict: boolean;
}

export interface PlaygroundSetup {
  api: PlaygroundApi;
  model: string;
  instructions: string;
  messages: PlaygroundMessage[];
  params: PlaygroundParams;
  tools: PlaygroundTools;
  format: PlaygroundFormat;
}

/** A Responses turn the next one can continue from, if the conversation before it is unchanged. */
export interface ResponseChain {
  responseId: string;
  /** How many messages (including the answer) the chained response covers. */
  messageCount: number;
  /** The conversation's edit count when the chain was made; any edit of earlier messages breaks it. */
  editCount: number;
}

export const DEFAULT_PARAMS: PlaygroundParams = {
  temperature: null,
  topP: null,
  maxOutputTokens: null,
  store: true,
  reasoningEffort: null,
  reasoningSummary: null,
  seed: null,
  stop: [],
  frequencyPenalty: null,
  presencePenalty: null,
};

export const DEFAULT_TOOLS: PlaygroundTools = { functions: [], fileSearch: { enabled: false, vectorStoreIds: [] } };
export const DEFAULT_FORMAT: PlaygroundFormat = { type: "text", name: "answer", schema: "", strict: true };

export function emptySetup(model = ""): PlaygroundSetup {
  return {
    api: "responses",
    model,
    instructions: "",
    messages: [],
    params: DEFAULT_PARAMS,
    tools: DEFAULT_TOOLS,
    format: DEFAULT_FORMAT,
  };
}

export function newId(): string {
  return Math.random().toString(36).slice(2, 10);
}

export function newMessage(role: MessageRole, content = "", extra: Partial<PlaygroundMessage> = {}): PlaygroundMessage {
  return { id: newId(), role, content, ...extra };
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

/** Reasoning settings apply to reasoning models only; others refuse them. */
export function looksLikeReasoningModel(model: string): boolean {
  return /reason|^o\d|^gpt-5|^ft:o\d|^ft:gpt-5/i.test(model);
}
