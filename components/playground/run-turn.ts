"use client";

import OpenAI from "openai";
import type { ChatCompletionCreateParamsStreaming } from "openai/resources/chat/completions";
import type { ResponseCreateParamsStreaming } from "openai/resources/responses/responses";
import {
  buildChatRequest,
  buildResponsesRequest,
  type PlaygroundSetup,
  type ResponseChain,
  type TurnUsage,
  usageFrom,
} from "@/lib/playground/state";

// One turn of the playground: sends the setup through the console proxy with the official SDK and
// reports the answer as it streams. Stopping aborts the request, which the proxy passes upstream.

export interface TurnProgress {
  text: string;
  reasoning: string;
}

export interface TurnResult extends TurnProgress {
  status: "completed" | "incomplete" | "stopped";
  responseId: string | null;
  model: string | null;
  usage: TurnUsage | null;
  requestId: string | null;
  latencyMs: number;
  ttftMs: number | null;
  request: Record<string, unknown>;
}

export async function runTurn(
  client: OpenAI,
  setup: PlaygroundSetup,
  chain: ResponseChain | null,
  editCount: number,
  options: { signal: AbortSignal; onProgress: (progress: TurnProgress) => void },
): Promise<TurnResult> {
  const started = performance.now();
  const request = setup.api === "responses" ? buildResponsesRequest(setup, chain, editCount) : buildChatRequest(setup);
  const result: TurnResult = {
    text: "",
    reasoning: "",
    status: "incomplete",
    responseId: null,
    model: null,
    usage: null,
    requestId: null,
    latencyMs: 0,
    ttftMs: null,
    request,
  };
  const firstToken = () => {
    result.ttftMs ??= Math.round(performance.now() - started);
  };
  try {
    if (setup.api === "responses") {
      const { data: stream, request_id } = await client.responses
        .create(request as unknown as ResponseCreateParamsStreaming, { signal: options.signal })
        .withResponse();
      result.requestId = request_id;
      for await (const event of stream) {
        if (event.type === "response.output_text.delta") {
          firstToken();
          result.text += event.delta;
        } else if (event.type === "response.reasoning_summary_text.delta") {
          firstToken();
          result.reasoning += event.delta;
        } else if (event.type === "response.created") {
          result.responseId = event.response.id;
          result.model = event.response.model;
        } else if (event.type === "response.completed" || event.type === "response.incomplete") {
          result.usage = usageFrom(event.response.usage);
          result.status = event.type === "response.completed" ? "completed" : "incomplete";
        } else if (event.type === "response.failed" || event.type === "error") {
          throw new Error(event.type === "error" ? event.message : (event.response.error?.message ?? "The response failed"));
        } else {
          continue;
        }
        options.onProgress({ text: result.text, reasoning: result.reasoning });
      }
    } else {
      const { data: stream, request_id } = await client.chat.completions
        .create(request as unknown as ChatCompletionCreateParamsStreaming, { signal: options.signal })
        .withResponse();
      result.requestId = request_id;
      for await (const chunk of stream) {
        result.model ??= chunk.model;
        const delta = chunk.choices[0]?.delta;
        if (delta?.content) {
          firstToken();
          result.text += delta.content;
          options.onProgress({ text: result.text, reasoning: result.reasoning });
        }
        if (chunk.choices[0]?.finish_reason) result.status = chunk.choices[0].finish_reason === "length" ? "incomplete" : "completed";
        if (chunk.usage) result.usage = usageFrom(chunk.usage);
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
