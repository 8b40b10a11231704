import { describe, expect, it } from "vitest";
import { buildChatRequest, buildResponsesRequest } from "@/lib/playground/requests";
import { DEFAULT_FORMAT, DEFAULT_PARAMS, DEFAULT_TOOLS, newMessage, type PlaygroundSetup, usageFrom } from "@/lib/playground/state";

const setup = (overrides: Partial<PlaygroundSetup> = {}): PlaygroundSetup => ({
  api: "responses",
  model: "sandbox-chat",
  instructions: "Be brief.",
  messages: [newMessage("user", "Hello")],
  params: DEFAULT_PARAMS,
  tools: DEFAULT_TOOLS,
  format: DEFAULT_FORMAT,
  ...overrides,
});

describe("the request a playground setup makes", () => {
  it("sends only what was set, with instructions and every message for a first Responses turn", () => {
    expect(buildResponsesRequest(setup(), null, 0)).toEqual({
      model: "sandbox-chat",
      input: [{ role: "user", content: "Hello" }],
      instructions: "Be brief.",
      stream: true,
      store: true,
    });
  });

  it("continues with previous_response_id and only the new messages while nothing earlier was edited", () => {
    const messages = [newMessage("user", "Hello"), newMessage("assistant", "Hi"), newMessage("user", "And?")];
    const chain = { responseId: "resp_1", messageCount: 2, editCount: 3 };
    const body = buildResponsesRequest(setup({ messages }), chain, 3);
    expect(body.previous_response_id).toBe("resp_1");
    expect(body.input).toEqual([{ role: "user", content: "And?" }]);
    // An edit of an earlier message, or store off, sends the whole conversation again.
    expect(buildResponsesRequest(setup({ messages }), chain, 4).previous_response_id).toBeUndefined();
    const unstored = buildResponsesRequest(setup({ messages, params: { ...DEFAULT_PARAMS, store: false } }), chain, 3);
    expect(unstored.previous_response_id).toBeUndefined();
    expect(unstored.input).toHaveLength(3);
  });

  it("puts instructions first as a developer message for Chat and asks for usage", () => {
    const body = buildChatRequest(setup({ api: "chat", params: { ...DEFAULT_PARAMS, temperature: 0.2, maxOutputTokens: 50 } }));
    expect(body).toEqual({
      model: "sandbox-chat",
      messages: [
        { role: "developer", content: "Be brief." },
        { role: "user", content: "Hello" },
      ],
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.2,
      max_completion_tokens: 50,
    });
  });

  it("reads usage in either API's spelling, zeros staying zeros", () => {
    expect(
      usageFrom({
        input_tokens: 5,
        input_tokens_details: { cached_tokens: 0 },
        output_tokens: 7,
        output_tokens_details: { reasoning_tokens: 2 },
      }),
    ).toEqual({
      input: 5,
      cached: 0,
      output: 7,
      reasoning: 2,
    });
    expect(usageFrom({ prompt_tokens: 3, completion_tokens: 4 })).toEqual({ input: 3, cached: 0, output: 4, reasoning: 0 });
    expect(usageFrom(null)).toBeNull();
  });
});
