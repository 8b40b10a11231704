import Ajv2020 from "ajv/dist/2020";
import type { ChatCompletionChunk, ChatCompletionCreateParamsNonStreaming, ChatCompletionTool } from "openai/resources/chat/completions";
import { describe, expect, test } from "vitest";
import { countTokens } from "@/lib/sandbox/tokenizer";
import { expectSchema, skipWithoutSpec } from "./support/openapi";
import { failure, sandboxForThisFile } from "./support/sandbox-server";

// The sandbox's Chat Completions endpoints through the official client: every body and chunk
// checked against the OpenAPI description.

const sandbox = sandboxForThisFile();

const weather: ChatCompletionTool = {
  type: "function",
  function: {
    name: "get_weather",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"], additionalProperties: false },
    strict: true,
  },
};

/**
 * Checks a chunk against the spec. Every chunk but a choice's last has `finish_reason: null`, as
 * the real API and the SDK's types have it; the spec marks that enum `nullable`, which the shared
 * validator does not yet extend to enums, so a null finish_reason is checked here and the rest of
 * the chunk by the validator.
 */
function expectChunk(chunk: ChatCompletionChunk): void {
  const reasons = [null, "stop", "length", "tool_calls", "content_filter", "function_call"];
  for (const choice of chunk.choices) expect(reasons).toContain(choice.finish_reason);
  const copy = structuredClone(chunk);
  for (const choice of copy.choices) choice.finish_reason ??= "stop";
  expectSchema("CreateChatCompletionStreamResponse", copy);
}

async function chunksOf(stream: AsyncIterable<ChatCompletionChunk>): Promise<ChatCompletionChunk[]> {
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of stream) {
    expectChunk(chunk);
    chunks.push(chunk);
  }
  return chunks;
}

function contentOf(chunks: ChatCompletionChunk[], index = 0): string {
  return chunks
    .flatMap((c) => c.choices)
    .filter((c) => c.index === index)
    .map((c) => c.delta.content ?? "")
    .join("");
}

const ask = (extra: Partial<ChatCompletionCreateParamsNonStreaming> = {}) =>
  sandbox.client.chat.completions.create({
    model: "sandbox-chat",
    messages: [
      { role: "system", content: "You are terse." },
      { role: "user", content: "Name three rivers of France" },
    ],
    ...extra,
  });

describe.skipIf(skipWithoutSpec)("POST /chat/completions", () => {
  test("answers deterministically, quoting the user and counting tokens", async () => {
    const first = await ask();
    const second = await ask();
    expectSchema("CreateChatCompletionResponse", first);
    expect(first.id).toMatch(/^chatcmpl-/);
    expect(first.object).toBe("chat.completion");
    const text = first.choices[0].message.content ?? "";
    expect(text).toBe(second.choices[0].message.content);
    expect(text.startsWith('You wrote: "Name three rivers of France".')).toBe(true);
    expect(text).toContain('Instructions noted: "You are terse."');
    expect(first.choices[0].finish_reason).toBe("stop");
    expect(first.usage).toMatchObject({
      prompt_tokens: 3 + countTokens("You are terse.") + 3 + countTokens("Name three rivers of France"),
      completion_tokens: countTokens(text),
    });
    expect(first.usage?.total_tokens).toBe((first.usage?.prompt_tokens ?? 0) + (first.usage?.completion_tokens ?? 0));
  });

  test("streams one chunk per piece, with the usage chunk last when asked", async () => {
    const plain = await ask();
    const chunks = await chunksOf(
      await sandbox.client.chat.completions.create({ ...(await askParams()), stream: true, stream_options: { include_usage: true } }),
    );
    expect(chunks[0].choices[0].delta).toMatchObject({ role: "assistant", content: "" });
    expect(contentOf(chunks)).toBe(plain.choices[0].message.content);
    const finish = chunks.at(-2);
    expect(finish?.choices[0]).toMatchObject({ delta: {}, finish_reason: "stop" });
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage).toEqual(plain.usage);
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
    const bare = await chunksOf(await sandbox.client.chat.completions.create({ ...(await askParams()), stream: true }));
    expect(bare.every((c) => !("usage" in c))).toBe(true);
    expect(contentOf(bare)).toBe(plain.choices[0].message.content);
  });

  test("n choices are distinct and repeatable; the first is the single answer", async () => {
    const single = await ask();
    const three = await ask({ n: 3 });
    expectSchema("CreateChatCompletionResponse", three);
    const texts = three.choices.map((c) => c.message.content);
    expect(three.choices.map((c) => c.index)).toEqual([0, 1, 2]);
    expect(new Set(texts).size).toBe(3);
    expect(texts[0]).toBe(single.choices[0].message.content);
    expect((await ask({ n: 3 })).choices.map((c) => c.message.content)).toEqual(texts);
    expect(three.usage?.completion_tokens).toBe(texts.reduce((sum, t) => sum + countTokens(t ?? ""), 0));
    const streamed = await chunksOf(await sandbox.client.chat.completions.create({ ...(await askParams()), n: 3, stream: true }));
    expect([0, 1, 2].map((i) => contentOf(streamed, i))).toEqual(texts);
  });

  test("stop, seed, max_completion_tokens and legacy max_tokens", async () => {
    const full = (await ask()).choices[0].message.content ?? "";
    const stopped = await ask({ stop: ["sandbox model"] });
    expect(stopped.choices[0].message.content).toBe(full.slice(0, full.indexOf("sandbox model")));
    expect(stopped.choices[0].finish_reason).toBe("stop");
    const seeded = (await ask({ seed: 7 })).choices[0].message.content;
    expect(seeded).not.toBe(full);
    expect((await ask({ seed: 7 })).choices[0].message.content).toBe(seeded);
    for (const limit of [{ max_completion_tokens: 10 }, { max_tokens: 10 }]) {
      const short = await ask(limit);
      expect(short.choices[0].finish_reason).toBe("length");
      expect(short.usage?.completion_tokens).toBe(10);
      expect(countTokens(short.choices[0].message.content ?? "")).toBe(10);
      expect(full.startsWith(short.choices[0].message.content ?? "-")).toBe(true);
    }
  });

  test("logprobs of a deterministic model: every token certain", async () => {
    const response = await ask({ logprobs: true, top_logprobs: 3 });
    expectSchema("CreateChatCompletionResponse", response);
    const content = response.choices[0].logprobs?.content ?? [];
    expect(content.map((t) => t.token).join("")).toBe(response.choices[0].message.content);
    expect(content.every((t) => t.logprob === 0 && t.top_logprobs.length === 1)).toBe(true);
    const chunks = await chunksOf(await sandbox.client.chat.completions.create({ ...(await askParams()), logprobs: true, stream: true }));
    expect(
      chunks
        .flatMap((c) => c.choices.flatMap((ch) => ch.logprobs?.content ?? []))
        .map((t) => t.token)
        .join(""),
    ).toBe(response.choices[0].message.content);
  });

  test("a reasoning model counts its reasoning tokens", async () => {
    const response = await sandbox.client.chat.completions.create({
      model: "sandbox-reasoning",
      messages: [{ role: "user", content: "Why is the sky blue?" }],
      reasoning_effort: "high",
    });
    expectSchema("CreateChatCompletionResponse", response);
    const reasoning = response.usage?.completion_tokens_details?.reasoning_tokens ?? 0;
    expect(reasoning).toBeGreaterThan(0);
    expect(response.usage?.completion_tokens).toBe(reasoning + countTokens(response.choices[0].message.content ?? ""));
  });
});

async function askParams() {
  return {
    model: "sandbox-chat",
    messages: [
      { role: "system" as const, content: "You are terse." },
      { role: "user" as const, content: "Name three rivers of France" },
    ],
  };
}

describe.skipIf(skipWithoutSpec)("chat tools and formats", () => {
  test("a tool call round trip, plain and streamed", async () => {
    const messages = [{ role: "user" as const, content: "What is the weather in Lisbon? Call get_weather." }];
    const call = await sandbox.client.chat.completions.create({ model: "sandbox-chat", messages, tools: [weather] });
    expectSchema("CreateChatCompletionResponse", call);
    const choice = call.choices[0];
    expect(choice.finish_reason).toBe("tool_calls");
    expect(choice.message.content).toBeNull();
    const toolCall = choice.message.tool_calls?.[0];
    if (toolCall?.type !== "function") throw new Error("expected a function tool call");
    expect(toolCall.function.name).toBe("get_weather");
    expect(JSON.parse(toolCall.function.arguments)).toEqual({ city: "Lisbon" });

    const chunks = await chunksOf(
      await sandbox.client.chat.completions.create({ model: "sandbox-chat", messages, tools: [weather], stream: true }),
    );
    const deltas = chunks.flatMap((c) => c.choices.flatMap((ch) => ch.delta.tool_calls ?? []));
    expect(deltas[0]).toMatchObject({ index: 0, type: "function", function: { name: "get_weather", arguments: "" } });
    expect(deltas.map((d) => d.function?.arguments ?? "").join("")).toBe(toolCall.function.arguments);
    expect(chunks.at(-1)?.choices[0].finish_reason).toBe("tool_calls");

    const answer = await sandbox.client.chat.completions.create({
      model: "sandbox-chat",
      tools: [weather],
      messages: [...messages, choice.message, { role: "tool", tool_call_id: toolCall.id, content: "18 degrees and windy" }],
    });
    expect(answer.choices[0].finish_reason).toBe("stop");
    expect(answer.choices[0].message.content?.startsWith('The function get_weather returned: "18 degrees and windy".')).toBe(true);
    const none = await sandbox.client.chat.completions.create({ model: "sandbox-chat", messages, tools: [weather], tool_choice: "none" });
    expect(none.choices[0].message.tool_calls).toBeUndefined();
    const forced = await sandbox.client.chat.completions.create({
      model: "sandbox-chat",
      messages: [{ role: "user", content: "hello" }],
      tools: [weather],
      tool_choice: { type: "function", function: { name: "get_weather" } },
    });
    expect(forced.choices[0].message.tool_calls?.[0]).toMatchObject({ function: { name: "get_weather" } });
  });

  test("tool messages must answer tool calls, and tool calls must be answered", async () => {
    const orphan = await failure(
      sandbox.client.chat.completions.create({
        model: "sandbox-chat",
        messages: [
          { role: "user", content: "hi" },
          { role: "tool", tool_call_id: "call_x", content: "42" },
        ],
      }),
    );
    expect(orphan).toMatchObject({ status: 400, param: "messages.[1].role" });
    expect(orphan.message).toContain("must be a response to a preceeding message with 'tool_calls'");
    const unanswered = await failure(
      sandbox.client.chat.completions.create({
        model: "sandbox-chat",
        messages: [
          { role: "user", content: "hi" },
          { role: "assistant", tool_calls: [{ id: "call_a", type: "function", function: { name: "f", arguments: "{}" } }] },
          { role: "user", content: "and?" },
        ],
      }),
    );
    expect(unanswered).toMatchObject({ status: 400, param: "messages.[1].role" });
    expect(unanswered.message).toContain("did not have response messages: call_a");
  });

  test("response_format json_schema and json_object", async () => {
    const schema = {
      type: "object",
      properties: {
        name: { type: "string" },
        population: { type: "integer", minimum: 0 },
        rivers: { type: "array", items: { type: "string" } },
      },
      required: ["name", "population", "rivers"],
      additionalProperties: false,
    };
    const response = await sandbox.client.chat.completions.create({
      model: "sandbox-chat",
      messages: [{ role: "user", content: "Describe Lyon, population 520000" }],
      response_format: { type: "json_schema", json_schema: { name: "city", schema, strict: true } },
    });
    const value = JSON.parse(response.choices[0].message.content ?? "");
    const validate = new Ajv2020({ strict: false }).compile(schema);
    expect(validate(value), JSON.stringify(validate.errors)).toBe(true);
    expect(value).toMatchObject({ name: "Lyon", population: 520000 });
    const refused = await failure(
      sandbox.client.chat.completions.create({
        model: "sandbox-chat",
        messages: [{ role: "user", content: "hi" }],
        response_format: {
          type: "json_schema",
          json_schema: { name: "city", schema: { type: "object", properties: { a: { type: "string" } } }, strict: true },
        },
      }),
    );
    expect(refused).toMatchObject({ status: 400, param: "response_format" });
    expect(refused.message).toContain("'additionalProperties' is required to be supplied and to be false");
    const noJson = await failure(
      sandbox.client.chat.completions.create({
        model: "sandbox-chat",
        messages: [{ role: "user", content: "hi" }],
        response_format: { type: "json_object" },
      }),
    );
    expect(noJson).toMatchObject({ status: 400, param: "messages" });
    const object = await sandbox.client.chat.completions.create({
      model: "sandbox-chat",
      messages: [{ role: "user", content: "reply in json" }],
      response_format: { type: "json_object" },
    });
    expect(JSON.parse(object.choices[0].message.content ?? "")).toHaveProperty("answer");
  });

  test("cut-stream makes the SDK's iteration throw", async () => {
    const stream = await sandbox.client.chat.completions.create(
      { model: "sandbox-chat", messages: [{ role: "user", content: "write 100 words" }], stream: true },
      { headers: { "x-sandbox-fault": "cut-stream" } },
    );
    const got: string[] = [];
    await expect(
      (async () => {
        for await (const chunk of stream) got.push(chunk.choices[0]?.delta.content ?? "");
      })(),
    ).rejects.toThrow();
    expect(got.length).toBeGreaterThan(20);
  });
});

describe.skipIf(skipWithoutSpec)("stored chat completions", () => {
  test("store, list with filters and cursors, retrieve, messages, update, delete", async () => {
    const stored = [];
    for (const [model, tag] of [
      ["sandbox-chat", "a"],
      ["sandbox-chat-mini", "a"],
      ["sandbox-chat", "b"],
    ]) {
      stored.push(
        await sandbox.client.chat.completions.create({
          model,
          store: true,
          metadata: { tag },
          messages: [
            { role: "developer", content: "Be kind." },
            { role: "user", content: [{ type: "text", text: `Hello ${tag}` }] },
          ],
        }),
      );
    }
    await ask(); // not stored
    const all = await sandbox.client.get<{ data: { id: string }[] }>("/chat/completions", { query: { limit: 100 } });
    expectSchema("ChatCompletionList", all);
    expect(all.data.map((c) => c.id)).toEqual(stored.map((c) => c.id));
    const walked: string[] = [];
    for await (const completion of sandbox.client.chat.completions.list({ limit: 1 })) walked.push(completion.id);
    expect(walked).toEqual(stored.map((c) => c.id));
    const chat = await sandbox.client.chat.completions.list({ model: "sandbox-chat" });
    expect(chat.data.map((c) => c.id)).toEqual([stored[0].id, stored[2].id]);
    const tagged = await sandbox.client.chat.completions.list({ metadata: { tag: "a" }, order: "desc" });
    expect(tagged.data.map((c) => c.id)).toEqual([stored[1].id, stored[0].id]);

    const retrieved = await sandbox.client.chat.completions.retrieve(stored[0].id);
    expectSchema("CreateChatCompletionResponse", retrieved);
    expect(retrieved).toEqual(stored[0]);
    const messages = await sandbox.client.chat.completions.messages.list(stored[0].id);
    expect(messages.data.map((m) => [m.id, m.role, m.content])).toEqual([
      [`${stored[0].id}-0`, "developer", "Be kind."],
      [`${stored[0].id}-1`, "user", "Hello a"],
    ]);
    expect(messages.data[1].content_parts).toEqual([{ type: "text", text: "Hello a" }]);

    const updated = await sandbox.client.chat.completions.update(stored[0].id, { metadata: { tag: "c" } });
    expect((updated as unknown as { metadata: unknown }).metadata).toEqual({ tag: "c" });
    expect((await sandbox.client.chat.completions.list({ metadata: { tag: "a" } })).data.map((c) => c.id)).toEqual([stored[1].id]);
    const deleted = await sandbox.client.chat.completions.delete(stored[0].id);
    expectSchema("ChatCompletionDeleted", deleted);
    expect((await failure(sandbox.client.chat.completions.retrieve(stored[0].id))).status).toBe(404);
  });
});

describe.skipIf(skipWithoutSpec)("chat request validation", () => {
  const user = [{ role: "user", content: "hi" }];
  const cases: [string, Record<string, unknown>, Partial<{ status: number; code: string | null; param: string | null }>][] = [
    ["missing model", { messages: user }, { status: 400, code: "missing_required_parameter", param: "model" }],
    ["unknown model", { model: "gpt-nope", messages: user }, { status: 404, code: "model_not_found" }],
    ["an embedding model", { model: "sandbox-embed-small", messages: user }, { status: 404, param: "model" }],
    ["missing messages", { model: "sandbox-chat" }, { status: 400, code: "missing_required_parameter", param: "messages" }],
    ["empty messages", { model: "sandbox-chat", messages: [] }, { status: 400, code: "empty_array", param: "messages" }],
    [
      "a bad role",
      { model: "sandbox-chat", messages: [{ role: "bot", content: "hi" }] },
      { status: 400, code: "invalid_value", param: "messages[0].role" },
    ],
    [
      "content of the wrong type",
      { model: "sandbox-chat", messages: [{ role: "user", content: 5 }] },
      { status: 400, code: "invalid_type", param: "messages[0].content" },
    ],
    [
      "missing content",
      { model: "sandbox-chat", messages: [{ role: "user" }] },
      { status: 400, code: "missing_required_parameter", param: "messages[0].content" },
    ],
    ["n of 0", { model: "sandbox-chat", messages: user, n: 0 }, { status: 400, code: "integer_below_min_value", param: "n" }],
    ["n of 129", { model: "sandbox-chat", messages: user, n: 129 }, { status: 400, code: "integer_above_max_value", param: "n" }],
    [
      "temperature 2.5",
      { model: "sandbox-chat", messages: user, temperature: 2.5 },
      { status: 400, code: "decimal_above_max_value", param: "temperature" },
    ],
    [
      "a penalty below -2",
      { model: "sandbox-chat", messages: user, presence_penalty: -3 },
      { status: 400, code: "decimal_below_min_value", param: "presence_penalty" },
    ],
    ["five stop sequences", { model: "sandbox-chat", messages: user, stop: ["a", "b", "c", "d", "e"] }, { status: 400, param: "stop" }],
    ["tool_choice without tools", { model: "sandbox-chat", messages: user, tool_choice: "auto" }, { status: 400, param: "tool_choice" }],
    ["top_logprobs without logprobs", { model: "sandbox-chat", messages: user, top_logprobs: 2 }, { status: 400, param: "top_logprobs" }],
    ["an unknown argument", { model: "sandbox-chat", messages: user, frobnicate: 1 }, { status: 400, param: null }],
    [
      "max_tokens on a reasoning model",
      { model: "sandbox-reasoning", messages: user, max_tokens: 50 },
      { status: 400, code: "unsupported_parameter", param: "max_tokens" },
    ],
    [
      "a logit_bias the sandbox cannot apply",
      { model: "sandbox-chat", messages: user, logit_bias: { "100": 5 } },
      { status: 400, param: "logit_bias" },
    ],
  ];
  test.each(cases)("%s", async (_name, body, expected) => {
    const error = await failure(sandbox.client.post("/chat/completions", { body }));
    expect(error).toMatchObject({ type: "invalid_request_error", ...expected });
  });
});
