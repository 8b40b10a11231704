// The request body a setup makes, for each API. These bodies are what the page sends, what the raw
// view shows and what the code view writes out, so the three never disagree.
import { canChain, type PlaygroundMessage, type PlaygroundSetup, type ResponseChain } from "./state";

export type RequestBody = Record<string, unknown>;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function sampling(setup: PlaygroundSetup): RequestBody {
  const { params } = setup;
  const out: RequestBody = {};
  if (params.temperature !== null) out.temperature = params.temperature;
  if (params.topP !== null) out.top_p = params.topP;
  return out;
}

function responsesInput(message: PlaygroundMessage): RequestBody[] {
  if (message.role === "tool") return [{ type: "function_call_output", call_id: message.toolCallId ?? "", output: message.content }];
  if (message.role === "assistant") {
    const items: RequestBody[] = message.content ? [{ role: "assistant", content: message.content }] : [];
    for (const call of message.toolCalls ?? []) {
      items.push({ type: "function_call", call_id: call.callId, name: call.name, arguments: call.arguments });
    }
    return items;
  }
  if (message.images?.length) {
    return [
      {
        role: message.role,
        content: [
          ...(message.content ? [{ type: "input_text", text: message.content }] : []),
          ...message.images.map((url) => ({ type: "input_image", image_url: url, detail: "auto" })),
        ],
      },
    ];
  }
  return [{ role: message.role, content: message.content }];
}

export function buildResponsesRequest(setup: PlaygroundSetup, chain: ResponseChain | null, editCount: number): RequestBody {
  const chained = canChain(setup, chain, editCount);
  const messages = chained ? setup.messages.slice(chain.messageCount) : setup.messages;
  const body: RequestBody = {
    model: setup.model,
    input: messages.flatMap(responsesInput),
    stream: true,
    store: setup.params.store,
    ...sampling(setup),
  };
  if (setup.instructions.trim()) body.instructions = setup.instructions;
  if (setup.params.maxOutputTokens !== null) body.max_output_tokens = setup.params.maxOutputTokens;
  if (setup.params.reasoningEffort || setup.params.reasoningSummary) {
    const reasoning: RequestBody = {};
    if (setup.params.reasoningEffort) reasoning.effort = setup.params.reasoningEffort;
    if (setup.params.reasoningSummary) reasoning.summary = setup.params.reasoningSummary;
    body.reasoning = reasoning;
  }
  const tools: RequestBody[] = setup.tools.functions.map((tool) => ({
    type: "function",
    name: tool.name,
    ...(tool.description ? { description: tool.description } : {}),
    parameters: parseJson(tool.parameters) ?? { type: "object", properties: {} },
    strict: tool.strict,
  }));
  if (setup.tools.fileSearch.enabled && setup.tools.fileSearch.vectorStoreIds.length) {
    tools.push({ type: "file_search", vector_store_ids: setup.tools.fileSearch.vectorStoreIds });
  }
  if (tools.length) body.tools = tools;
  const { format } = setup;
  if (format.type === "json_object") body.text = { format: { type: "json_object" } };
  if (format.type === "json_schema") {
    body.text = {
      format: { type: "json_schema", name: format.name || "answer", schema: parseJson(format.schema) ?? {}, strict: format.strict },
    };
  }
  if (chained) body.previous_response_id = chain.responseId;
  return body;
}

function chatMessage(message: PlaygroundMessage): RequestBody {
  if (message.role === "tool") return { role: "tool", tool_call_id: message.toolCallId ?? "", content: message.content };
  if (message.role === "assistant") {
    const out: RequestBody = { role: "assistant", content: message.content || null };
    if (message.toolCalls?.length) {
      out.tool_calls = message.toolCalls.map((call) => ({
        id: call.callId,
        type: "function",
        function: { name: call.name, arguments: call.arguments },
      }));
    }
    return out;
  }
  if (message.images?.length && message.role === "user") {
    return {
      role: "user",
      content: [
        ...(message.content ? [{ type: "text", text: message.content }] : []),
        ...message.images.map((url) => ({ type: "image_url", image_url: { url } })),
      ],
    };
  }
  return { role: message.role, content: message.content };
}

export function buildChatRequest(setup: PlaygroundSetup): RequestBody {
  const messages: RequestBody[] = [];
  if (setup.instructions.trim()) messages.push({ role: "developer", content: setup.instructions });
  for (const message of setup.messages) messages.push(chatMessage(message));
  const { params } = setup;
  const body: RequestBody = {
    model: setup.model,
    messages,
    stream: true,
    stream_options: { include_usage: true },
    ...sampling(setup),
  };
  if (params.maxOutputTokens !== null) body.max_completion_tokens = params.maxOutputTokens;
  if (params.reasoningEffort) body.reasoning_effort = params.reasoningEffort;
  if (params.seed !== null) body.seed = params.seed;
  const stop = params.stop.filter(Boolean);
  if (stop.length) body.stop = stop;
  if (params.frequencyPenalty !== null) body.frequency_penalty = params.frequencyPenalty;
  if (params.presencePenalty !== null) body.presence_penalty = params.presencePenalty;
  if (setup.tools.functions.length) {
    body.tools = setup.tools.functions.map((tool) => ({
      type: "function",
      function: {
        name: tool.name,
        ...(tool.description ? { description: tool.description } : {}),
        parameters: parseJson(tool.parameters) ?? { type: "object", properties: {} },
        strict: tool.strict,
      },
    }));
  }
  const { format } = setup;
  if (format.type === "json_object") body.response_format = { type: "json_object" };
  if (format.type === "json_schema") {
    body.response_format = {
      type: "json_schema",
      json_schema: { name: format.name || "answer", schema: parseJson(format.schema) ?? {}, strict: format.strict },
    };
  }
  return body;
}

export function buildRequest(setup: PlaygroundSetup, chain: ResponseChain | null, editCount: number): RequestBody {
  return setup.api === "responses" ? buildResponsesRequest(setup, chain, editCount) : buildChatRequest(setup);
}
