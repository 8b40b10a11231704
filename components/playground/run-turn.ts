"use client";

import OpenAI from "openai";
import type { ChatCompletionCreateParamsStreaming } from "openai/resources/chat/completions";
import type { ResponseCreateParamsStreaming } from "openai/resources/responses/responses";
import { buildRequest, type RequestBody } from "@/lib/playground/requests";
import { type PlaygroundSetup, type ResponseChain, type ToolCall, type TurnUsage, usageFrom } from "@/lib/playground/state";

// One turn of the playground: sends the setup through the console proxy with the official SDK and
// reports the answer as it streams. Stopping aborts the request, which the proxy passes upstream.

export interface FileSearchCall {
  id: string;
  queries: string[];
  status: string;
}

export interface TurnProgress {
  text: string;
  reasoning: string;
  toolCalls: ToolCall[];
  searches: FileSearchCall[];
}

export interface TurnResult extends TurnProgress {
  status: "completed" | "incomplete" | "stopped";
  responseId: string | null;
  model: string | null;
  usage: TurnUsage | null;
  requestId: string | null;
  latencyMs: number;
  ttftMs: number | null;
  request: RequestBody;
  /** Every stream event as received, for the raw view. */
  events: unknown[];
}

export const emptyProgress = (): TurnProgress => ({ text: "", reasoning: "", toolCalls: [], searches: [] });

export async function runTurn(
  client: OpenAI,
  setup: PlaygroundSetup,
  chain: ResponseChain | null,
  editCount: number,
  options: { signal: AbortSignal; onProgress: (progress: TurnProgress) => void; headers?: Record<string, string> },
): Promise<TurnResult> {
  const started = performance.now();
  const request = buildRequest(setup, chain, editCount);
  const result: TurnResult = {
    ...emptyProgress(),
    status: "incomplete",
    responseId: null,
    model: null,
    usage: null,
    requestId: null,
    latencyMs: 0,
    ttftMs: null,
    request,
    events: [],
  };
  const firstToken = () => {
    result.ttftMs ??= Math.round(performance.now() - started);
  };
  const report = () =>
    options.onProgress({ text: result.text, reasoning: result.reasoning, toolCalls: result.toolCalls, searches: result.searches });
  const requestOptions = { signal: options.signal, headers: options.headers };
  try {
    if (setup.api === "responses") {
      const { data: stream, request_id } = await client.responses
        .create(request as unknown as ResponseCreateParamsStreaming, requestOptions)
        .withResponse();
      result.requestId = request_id;
      // Function calls arrive as an output item, then its arguments in deltas, keyed by item id.
      const callIndex = new Map<string, number>();
      for await (const event of stream) {
        result.events.push(event);
        switch (event.type) {
          case "response.output_text.delta":
            firstToken();
            result.text += event.delta;
            break;
          case "response.reasoning_summary_text.delta":
            firstToken();
            result.reasoning += event.delta;
            break;
          case "response.reasoning_summary_part.added":
            if (result.reasoning) result.reasoning += "\n\n";
            break;
          case "response.created":
            result.responseId = event.response.id;
            result.model = event.response.model;
            break;
          case "response.output_item.added":
          case "response.output_item.done": {
            const item = event.item;
            if (item.type === "function_call") {
              firstToken();
              const call = { callId: item.call_id, name: item.name, arguments: item.arguments ?? "" };
              const at = callIndex.get(item.id ?? item.call_id);
              if (at === undefined) {
                callIndex.set(item.id ?? item.call_id, result.toolCalls.length);
                result.toolCalls = [...result.toolCalls, call];
              } else if (event.type === "response.output_item.done") {
                result.toolCalls = result.toolCalls.map((c, i) => (i === at ? call : c));
              }
            } else if (item.type === "file_search_call") {
              firstToken();
              const search = { id: item.id, queries: item.queries ?? [], status: item.status };
              result.searches = [...result.searches.filter((s) => s.id !== item.id), search];
            }
            break;
          }
          case "response.function_call_arguments.delta": {
            const at = callIndex.get(event.item_id);
            if (at !== undefined) {
              result.toolCalls = result.toolCalls.map((c, i) => (i === at ? { ...c, arguments: c.arguments + event.delta } : c));
            }
            break;
          }
          case "response.completed":
          case "response.incomplete":
            result.usage = usageFrom(event.response.usage);
            result.status = event.type === "response.completed" ? "completed" : "incomplete";
            break;
          case "response.failed":
            throw new Error(event.response.error?.message ?? "The response failed");
          case "error":
            throw new Error(event.message);
          default:
            continue;
        }
        report();
      }
    } else {
      const { data: stream, request_id } = await client.chat.completions
        .create(request as unknown as ChatCompletionCreateParamsStreaming, requestOptions)
        .withResponse();
      result.requestId = request_id;
      for await (const chunk of stream) {
        result.events.push(chunk);
        result.model ??= chunk.model;
        result.responseId ??= chunk.id;
        const choice = chunk.choices[0];
        const delta = choice?.delta;
        let changed = false;
        if (delta?.content) {
          firstToken();
          result.text += delta.content;
          changed = true;
        }
        for (const part of delta?.tool_calls ?? []) {
          firstToken();
          const calls = [...result.toolCalls];
          const current = calls[part.index] ?? { callId: "", name: "", arguments: "" };
          calls[part.index] = {
            callId: part.id ?? current.callId,
            name: part.function?.name ?? current.name,
            arguments: current.arguments + (part.function?.arguments ?? ""),
          };
          result.toolCalls = calls;
          changed = true;
        }
        if (choice?.finish_reason) result.status = choice.finish_reason === "length" ? "incomplete" : "completed";
        if (chunk.usage) result.usage = usageFrom(chunk.usage);
        if (changed) report();
      }
    }
  } catch (error) {
    if (error instanceof OpenAI.APIUserAbortError || options.signal.aborted) {
      result.status = "stopped";
    } else {
      throw error;
    }
  }
  // The SDK ends an aborted stream quietly rather than throwing.
  if (options.signal.aborted) result.status = "stopped";
  result.latencyMs = Math.round(performance.now() - started);
  return result;
}
