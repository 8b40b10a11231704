import Ajv2020 from "ajv/dist/2020";
import type { FunctionTool, ResponseStreamEvent } from "openai/resources/responses/responses";
import { describe, expect, test } from "vitest";
import { countTokens } from "@/lib/sandbox/tokenizer";
import { expectSchema, skipWithoutSpec } from "./support/openapi";
import { failure, sandboxForThisFile } from "./support/sandbox-server";

// Function tools, structured output, token limits, reasoning and request validation of the
// sandbox's Responses endpoint, through the official sandbox.client.

const sandbox = sandboxForThisFile();

const weatherParameters = {
  type: "object",
  properties: {
    city: { type: "string" },
    unit: { type: "string", enum: ["celsius", "fahrenheit"] },
    days: { type: "integer", minimum: 1, maximum: 7 },
  },
  required: ["city", "unit", "days"],
  additionalProperties: false,
};
const weather: FunctionTool = {
  type: "function",
  name: "get_weather",
  description: "Weather for a city",
  parameters: weatherParameters,
  strict: true,
};
const time: FunctionTool = {
  type: "function",
  name: "get_time",
  parameters: { type: "object", properties: { zone: { type: "string" } }, required: ["zone"], additionalProperties: false },
  strict: true,
};

async function collect(stream: AsyncIterable<ResponseStreamEvent>): Promise<ResponseStreamEvent[]> {
  const events: ResponseStreamEvent[] = [];
  for await (const event of stream) {
    expectSchema("ResponseStreamEvent", event);
    events.push(event);
  }
  return events;
}

function validator(schema: object) {
  return new Ajv2020({ strict: false }).compile(schema);
}

describe.skipIf(skipWithoutSpec)("function tools", () => {
  test("a function call round trip: arguments valid for the schema, then an answer quoting the output", async () => {
    const call = await sandbox.client.responses.create({
      model: "sandbox-chat",
      input: "What is the weather in Paris for 3 days in celsius? Use get_weather.",
      tools: [weather, time],
    });
    expectSchema("Response", call);
    expect(call.output).toHaveLength(1);
    const item = call.output[0];
    if (item.type !== "function_call") throw new Error(`expected a function call, got ${item.type}`);
    expect(item.name).toBe("get_weather");
    expect(item.call_id).toMatch(/^call_/);
    const args = JSON.parse(item.arguments);
    expect(validator(weatherParameters)(args)).toBe(true);
    expect(args).toEqual({ city: "Paris", unit: "celsius", days: 3 });
    expect(call.output_text).toBe("");

    const answer = await sandbox.client.responses.create({
      model: "sandbox-chat",
      previous_response_id: call.id,
      input: [{ type: "function_call_output", call_id: item.call_id, output: '{"temperature":21,"sky":"clear"}' }],
      tools: [weather, time],
    });
    expectSchema("Response", answer);
    expect(answer.output[0].type).toBe("message");
    expect(answer.output_text.startsWith('The function get_weather returned: "{"temperature":21,"sky":"clear"}".')).toBe(true);
    const items = await sandbox.client.get<{ data: { type: string }[] }>(`/responses/${answer.id}/input_items`);
    expectSchema("ResponseItemList", items);
    expect(items.data.map((i) => i.type)).toEqual(["function_call_output"]);
  });

  test("tool_choice none, required, a named function, and parallel calls", async () => {
    const input = "Call get_time and get_weather for Oslo";
    const both = await sandbox.client.responses.create({ model: "sandbox-chat", input, tools: [weather, time] });
    expect(both.output.map((o) => (o.type === "function_call" ? o.name : o.type))).toEqual(["get_time", "get_weather"]);
    const one = await sandbox.client.responses.create({ model: "sandbox-chat", input, tools: [weather, time], parallel_tool_calls: false });
    expect(one.output.map((o) => (o.type === "function_call" ? o.name : o.type))).toEqual(["get_time"]);
    const none = await sandbox.client.responses.create({ model: "sandbox-chat", input, tools: [weather, time], tool_choice: "none" });
    expect(none.output.map((o) => o.type)).toEqual(["message"]);
    const unnamed = "Tell me something about Oslo";
    const auto = await sandbox.client.responses.create({ model: "sandbox-chat", input: unnamed, tools: [weather, time] });
    expect(auto.output.map((o) => o.type)).toEqual(["message"]);
    const required = await sandbox.client.responses.create({
      model: "sandbox-chat",
      input: unnamed,
      tools: [weather, time],
      tool_choice: "required",
    });
    expect(required.output.map((o) => (o.type === "function_call" ? o.name : o.type))).toEqual(["get_weather"]);
    const named = await sandbox.client.responses.create({
      model: "sandbox-chat",
      input: unnamed,
      tools: [weather, time],
      tool_choice: { type: "function", name: "get_time" },
    });
    expectSchema("Response", named);
    expect(named.output.map((o) => (o.type === "function_call" ? o.name : o.type))).toEqual(["get_time"]);
    expect(JSON.parse(named.output[0].type === "function_call" ? named.output[0].arguments : "")).toEqual({ zone: "Oslo" });
  });

  test("streams a function call as added, argument deltas, done", async () => {
    const events = await collect(
      await sandbox.client.responses.create({ model: "sandbox-chat", input: "use get_weather in Rome", tools: [weather], stream: true }),
    );
    const types = events.map((e) => e.type);
    expect(types.slice(0, 3)).toEqual(["response.created", "response.in_progress", "response.output_item.added"]);
    expect(types.slice(-3)).toEqual(["response.function_call_arguments.done", "response.output_item.done", "response.completed"]);
    expect(types.slice(3, -3).every((t) => t === "response.function_call_arguments.delta")).toBe(true);
    const joined = events.map((e) => (e.type === "response.function_call_arguments.delta" ? e.delta : "")).join("");
    const done = events.find((e) => e.type === "response.function_call_arguments.done");
    expect(done?.type === "response.function_call_arguments.done" && done.arguments).toBe(joined);
    expect(JSON.parse(joined).city).toBe("Rome");
  });

  test("function outputs must answer a call, and calls must have their outputs", async () => {
    const orphan = await failure(
      sandbox.client.responses.create({
        model: "sandbox-chat",
        input: [{ type: "function_call_output", call_id: "call_unknown", output: "42" }],
      }),
    );
    expect(orphan).toMatchObject({
      status: 400,
      type: "invalid_request_error",
      param: "input",
      message: "No tool call found for function call output with call_id call_unknown.",
    });
    const call = await sandbox.client.responses.create({ model: "sandbox-chat", input: "use get_weather for Lima", tools: [weather] });
    const unanswered = await failure(
      sandbox.client.responses.create({ model: "sandbox-chat", previous_response_id: call.id, input: "never mind" }),
    );
    const callId = call.output[0].type === "function_call" ? call.output[0].call_id : "";
    expect(unanswered).toMatchObject({ status: 400, param: "input", message: `No tool output found for function call ${callId}.` });
  });
});

describe.skipIf(skipWithoutSpec)("structured output", () => {
  const schema = {
    type: "object",
    properties: {
      title: { type: "string", minLength: 3 },
      rating: { type: "integer", minimum: 1, maximum: 5 },
      tags: { type: "array", items: { type: "string", enum: ["fiction", "history", "science"] }, minItems: 2 },
      author: {
        type: "object",
        properties: { name: { type: "string" }, born: { anyOf: [{ type: "string", format: "date" }, { type: "null" }] } },
        required: ["name", "born"],
        additionalProperties: false,
      },
      related: { type: "array", items: { $ref: "#/$defs/book" } },
    },
    required: ["title", "rating", "tags", "author", "related"],
    additionalProperties: false,
    $defs: {
      book: { type: "object", properties: { isbn: { type: "string" } }, required: ["isbn"], additionalProperties: false },
    },
  };

  test("json_schema output is valid against the requested schema, plain and streamed", async () => {
    const request = {
      model: "sandbox-chat",
      input: "Review the history book Dune by Herbert, rating 9",
      text: { format: { type: "json_schema" as const, name: "review", schema, strict: true } },
    };
    const response = await sandbox.client.responses.create(request);
    expectSchema("Response", response);
    expect(response.text?.format).toMatchObject({ type: "json_schema", name: "review", strict: true });
    const value = JSON.parse(response.output_text);
    const validate = validator(schema);
    expect(validate(value), JSON.stringify(validate.errors)).toBe(true);
    expect(value.tags).toContain("history");
    expect(value.rating).toBe(5);
    const events = await collect(await sandbox.client.responses.create({ ...request, stream: true }));
    const done = events.find((e) => e.type === "response.output_text.done");
    expect(done?.type === "response.output_text.done" && done.text).toBe(response.output_text);
  });

  test("values are valid for the shapes schemas take: refs, recursion, unions, bounds, formats", async () => {
    const schemas: Record<string, unknown>[] = [
      {
        type: "object",
        properties: { node: { $ref: "#/$defs/node" } },
        $defs: {
          node: {
            type: "object",
            properties: { label: { type: "string" }, children: { type: "array", items: { $ref: "#/$defs/node" } } },
            required: ["label", "children"],
          },
        },
        required: ["node"],
      },
      {
        type: "object",
        properties: {
          price: { type: "number", exclusiveMinimum: 0, maximum: 10, multipleOf: 0.25 },
          count: { type: "integer", minimum: 100, maximum: 200 },
          code: { type: "string", pattern: "^[A-Z]{2}[0-9]+$" },
          short: { type: "string", maxLength: 3 },
          long: { type: "string", minLength: 40 },
          when: { type: "string", format: "date-time" },
          mail: { type: "string", format: "email" },
          kind: { oneOf: [{ const: "circle" }, { const: "square" }] },
          either: { anyOf: [{ type: "null" }, { type: "boolean" }] },
          merged: {
            allOf: [
              { type: "object", properties: { a: { type: "string" } }, required: ["a"] },
              { properties: { b: { type: "integer" } }, required: ["b"] },
            ],
          },
          pair: { type: "array", prefixItems: [{ type: "string" }, { type: "integer" }], minItems: 2, maxItems: 2 },
          flags: { type: "array", items: { type: "boolean" }, minItems: 3 },
        },
        required: ["price", "count", "code", "short", "long", "when", "mail", "kind", "either", "merged", "pair", "flags"],
      },
    ];
    for (const schema of schemas) {
      const response = await sandbox.client.responses.create({
        model: "sandbox-chat",
        input: "Sample something for Quito with 3 and 250",
        text: { format: { type: "json_schema", name: "sample", schema } },
      });
      const value = JSON.parse(response.output_text);
      const validate = validator(schema);
      expect(validate(value), `${JSON.stringify(value)} ${JSON.stringify(validate.errors)}`).toBe(true);
      if ("when" in value) {
        expect(value.when).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
        expect(value.mail).toMatch(/^[^@\s]+@[^@\s]+\.[a-z]+$/);
      }
    }
  });

  test("json_object needs the word JSON in the input, then answers a JSON object", async () => {
    const refused = await failure(
      sandbox.client.responses.create({ model: "sandbox-chat", input: "Give me an object", text: { format: { type: "json_object" } } }),
    );
    expect(refused).toMatchObject({ status: 400, param: "input" });
    expect(refused.message).toContain("'json'");
    const ok = await sandbox.client.responses.create({
      model: "sandbox-chat",
      input: "Answer in JSON please",
      text: { format: { type: "json_object" } },
    });
    const value = JSON.parse(ok.output_text);
    expect(typeof value).toBe("object");
    expect(value.answer).toContain("You wrote:");
  });

  test("strict schemas the real API refuses are refused with its message", async () => {
    const ask = (schema: Record<string, unknown>) =>
      failure(
        sandbox.client.responses.create({
          model: "sandbox-chat",
          input: "hi",
          text: { format: { type: "json_schema", name: "thing", schema, strict: true } },
        }),
      );
    const open = await ask({ type: "object", properties: { a: { type: "string" } }, required: ["a"] });
    expect(open).toEqual({
      status: 400,
      type: "invalid_request_error",
      param: "text.format.schema",
      code: "invalid_json_schema",
      message:
        "Invalid schema for response_format 'thing': In context=(), 'additionalProperties' is required to be supplied and to be false.",
    });
    const partial = await ask({
      type: "object",
      properties: { a: { type: "string" }, b: { type: "number" } },
      required: ["a"],
      additionalProperties: false,
    });
    expect(partial.message).toBe(
      "Invalid schema for response_format 'thing': In context=(), 'required' is required to be supplied and to be an array including every key in properties. Missing 'b'.",
    );
    const nested = await ask({
      type: "object",
      properties: { inner: { type: "array", items: { type: "object", properties: { x: { type: "string" } }, required: ["x"] } } },
      required: ["inner"],
      additionalProperties: false,
    });
    expect(nested.message).toContain("In context=('properties', 'inner', 'items'), 'additionalProperties'");
    // Without strict the same open schema is accepted.
    const lax = await sandbox.client.responses.create({
      model: "sandbox-chat",
      input: "hi",
      text: { format: { type: "json_schema", name: "thing", schema: { type: "object", properties: { a: { type: "string" } } } } },
    });
    expect(typeof JSON.parse(lax.output_text).a).toBe("string");
    const tool = await failure(
      sandbox.client.responses.create({
        model: "sandbox-chat",
        input: "hi",
        tools: [{ type: "function", name: "f", parameters: { type: "object", properties: { a: { type: "string" } } }, strict: true }],
      }),
    );
    expect(tool).toMatchObject({ status: 400, param: "tools[0].parameters", code: "invalid_function_parameters" });
    expect(tool.message).toContain("Invalid schema for function 'f': In context=()");
  });
});

describe.skipIf(skipWithoutSpec)("limits and reasoning", () => {
  test("max_output_tokens truncates and answers incomplete, plain and streamed", async () => {
    const request = { model: "sandbox-chat", input: "write 300 words about salt", max_output_tokens: 16 };
    const response = await sandbox.client.responses.create(request);
    expectSchema("Response", response);
    expect(response.status).toBe("incomplete");
    expect(response.incomplete_details).toEqual({ reason: "max_output_tokens" });
    expect(response.usage?.output_tokens).toBe(16);
    expect(countTokens(response.output_text)).toBe(16);
    expect(response.output[0]).toMatchObject({ type: "message", status: "incomplete" });
    const events = await collect(await sandbox.client.responses.create({ ...request, stream: true }));
    const last = events.at(-1);
    expect(last?.type).toBe("response.incomplete");
    expect(last?.type === "response.incomplete" && last.response.output_text).toBeUndefined();
    expect(events.filter((e) => e.type === "response.output_text.delta")).toHaveLength(16);
    const small = await failure(sandbox.client.responses.create({ ...request, max_output_tokens: 15 }));
    expect(small).toMatchObject({ status: 400, param: "max_output_tokens", code: "integer_below_min_value" });
  });

  test("a reasoning model thinks: a reasoning item with its summary and reasoning tokens in usage", async () => {
    const input = "How many moons does Mars have?";
    const response = await sandbox.client.responses.create({
      model: "sandbox-reasoning",
      input,
      reasoning: { effort: "high", summary: "auto" },
    });
    expectSchema("Response", response);
    const [reasoning, message] = response.output;
    if (reasoning.type !== "reasoning") throw new Error("expected a reasoning item first");
    expect(reasoning.summary[0].text).toContain("Reading the request");
    expect(message.type).toBe("message");
    const usage = response.usage;
    const thinking = usage?.output_tokens_details.reasoning_tokens ?? 0;
    expect(thinking).toBeGreaterThan(0);
    expect(usage?.output_tokens).toBe(thinking + countTokens(response.output_text));
    const low = await sandbox.client.responses.create({ model: "sandbox-reasoning", input, reasoning: { effort: "low" } });
    expect(low.output[0]).toMatchObject({ type: "reasoning", summary: [] });
    expect(low.usage?.output_tokens_details.reasoning_tokens).toBeLessThan(thinking);
    expect(low.reasoning).toMatchObject({ effort: "low", summary: null });

    const events = await collect(
      await sandbox.client.responses.create({ model: "sandbox-reasoning", input, reasoning: { summary: "detailed" }, stream: true }),
    );
    const types = [...new Set(events.map((e) => e.type))];
    expect(types.slice(0, 7)).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.reasoning_summary_part.added",
      "response.reasoning_summary_text.delta",
      "response.reasoning_summary_text.done",
      "response.reasoning_summary_part.done",
    ]);
    // Reasoning counts against max_output_tokens: a budget smaller than the thinking leaves no answer.
    const starved = await sandbox.client.responses.create({ model: "sandbox-reasoning", input, max_output_tokens: 16 });
    expect(starved.status).toBe("incomplete");
    expect(starved.output.map((o) => o.type)).toEqual(["reasoning"]);
    expect(starved.usage?.output_tokens_details.reasoning_tokens).toBe(16);
  });

  test("log probabilities when asked for: certain, as a deterministic model's are", async () => {
    const response = await sandbox.client.responses.create({
      model: "sandbox-chat",
      input: "hello",
      include: ["message.output_text.logprobs"],
      top_logprobs: 2,
    });
    expectSchema("Response", response);
    const part = response.output[0].type === "message" ? response.output[0].content[0] : undefined;
    if (part?.type !== "output_text") throw new Error("expected output text");
    expect(part.logprobs?.map((l) => l.token).join("")).toBe(part.text);
    expect(part.logprobs?.every((l) => l.logprob === 0 && l.top_logprobs.length === 1)).toBe(true);
  });
});

describe.skipIf(skipWithoutSpec)("request validation", () => {
  const cases: [string, Record<string, unknown>, Partial<{ status: number; type: string; code: string | null; param: string | null }>][] = [
    ["missing model", { input: "hi" }, { status: 400, code: "missing_required_parameter", param: "model" }],
    ["unknown model", { model: "gpt-nope", input: "hi" }, { status: 400, code: "model_not_found", param: "model" }],
    ["an embedding model", { model: "sandbox-embed-small", input: "hi" }, { status: 400, code: "model_not_found", param: "model" }],
    ["missing input", { model: "sandbox-chat" }, { status: 400, code: "missing_required_parameter", param: "input" }],
    ["input of the wrong type", { model: "sandbox-chat", input: 42 }, { status: 400, code: "invalid_type", param: "input" }],
    ["an empty input list", { model: "sandbox-chat", input: [] }, { status: 400, code: "empty_array", param: "input" }],
    [
      "a bad role",
      { model: "sandbox-chat", input: [{ role: "robot", content: "hi" }] },
      { status: 400, code: "invalid_value", param: "input[0].role" },
    ],
    [
      "a bad content part",
      { model: "sandbox-chat", input: [{ role: "user", content: [{ type: "input_video" }] }] },
      { status: 400, code: "invalid_value", param: "input[0].content[0].type" },
    ],
    [
      "temperature above 2",
      { model: "sandbox-chat", input: "hi", temperature: 3 },
      { status: 400, code: "decimal_above_max_value", param: "temperature" },
    ],
    [
      "temperature on a reasoning model",
      { model: "sandbox-reasoning", input: "hi", temperature: 0.5 },
      { status: 400, code: "unsupported_parameter", param: "temperature" },
    ],
    [
      "reasoning on a chat model",
      { model: "sandbox-chat", input: "hi", reasoning: { effort: "low" } },
      { status: 400, code: "unsupported_parameter", param: "reasoning.effort" },
    ],
    [
      "max_output_tokens as a string",
      { model: "sandbox-chat", input: "hi", max_output_tokens: "20" },
      { status: 400, code: "invalid_type", param: "max_output_tokens" },
    ],
    [
      "an unknown parameter",
      { model: "sandbox-chat", input: "hi", frobnicate: true },
      { status: 400, code: "unknown_parameter", param: "frobnicate" },
    ],
    [
      "a bad tool_choice",
      { model: "sandbox-chat", input: "hi", tool_choice: "sometimes" },
      { status: 400, code: "invalid_value", param: "tool_choice" },
    ],
    [
      "a named function not in tools",
      { model: "sandbox-chat", input: "hi", tools: [weather], tool_choice: { type: "function", name: "nope" } },
      { status: 400, param: "tool_choice" },
    ],
    [
      "a function without a name",
      { model: "sandbox-chat", input: "hi", tools: [{ type: "function" }] },
      { status: 400, code: "missing_required_parameter", param: "tools[0].name" },
    ],
    [
      "an unknown include",
      { model: "sandbox-chat", input: "hi", include: ["everything"] },
      { status: 400, code: "invalid_value", param: "include[0]" },
    ],
    [
      "too many metadata keys",
      { model: "sandbox-chat", input: "hi", metadata: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, "v"])) },
      { status: 400, param: "metadata" },
    ],
    [
      "background without store",
      { model: "sandbox-chat", input: "hi", background: true, store: false },
      { status: 400, param: "background" },
    ],
    [
      "a tool the sandbox does not emulate",
      { model: "sandbox-chat", input: "hi", tools: [{ type: "web_search" }] },
      { status: 400, code: "unsupported_parameter", param: "tools[0].type" },
    ],
  ];
  test.each(cases)("%s", async (_name, body, expected) => {
    const error = await failure(sandbox.client.post("/responses", { body }));
    expect(error).toMatchObject({ type: "invalid_request_error", ...expected });
  });
});
