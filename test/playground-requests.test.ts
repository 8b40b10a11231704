import { Validator } from "@cfworker/json-schema";
import { describe, expect, it } from "vitest";
import { exportCode, pythonLiteral } from "@/lib/playground/code-export";
import { formatNanos, turnCostNanos } from "@/lib/playground/cost";
import { adviceFor } from "@/lib/playground/error-advice";
import { highlight, splitBlocks, splitParagraph } from "@/lib/playground/highlight";
import { buildChatRequest, buildResponsesRequest } from "@/lib/playground/requests";
import { checkReply, checkSchemaText, SCHEMA_EXAMPLES } from "@/lib/playground/schema-check";
import { readSetup } from "@/lib/playground/setup-schema";
import { DEFAULT_FORMAT, DEFAULT_PARAMS, DEFAULT_TOOLS, emptySetup, newMessage, type PlaygroundSetup } from "@/lib/playground/state";

const weather = { type: "object", properties: { city: { type: "string" } }, required: ["city"], additionalProperties: false };
const base = (overrides: Partial<PlaygroundSetup> = {}): PlaygroundSetup => ({
  ...emptySetup("sandbox-chat"),
  messages: [newMessage("user", "Weather in Lisbon? use get_weather")],
  tools: {
    ...DEFAULT_TOOLS,
    functions: [{ id: "f1", name: "get_weather", description: "", parameters: JSON.stringify(weather), strict: true }],
  },
  ...overrides,
});

describe("tools, function outputs, images and formats in the request", () => {
  const call = { callId: "call_1", name: "get_weather", arguments: '{"city":"Lisbon"}' };
  const messages = [
    newMessage("user", "Weather?", { images: ["data:image/png;base64,AAAA"] }),
    newMessage("assistant", "", { toolCalls: [call] }),
    newMessage("tool", "18°C and sunny", { toolCallId: "call_1", toolName: "get_weather" }),
  ];

  it("sends function tools, file_search, the function output and an image part to Responses", () => {
    const body = buildResponsesRequest(
      base({
        messages,
        tools: { ...base().tools, fileSearch: { enabled: true, vectorStoreIds: ["vs_1"] } },
        format: { ...DEFAULT_FORMAT, type: "json_schema", name: "w", schema: JSON.stringify(weather) },
        params: { ...DEFAULT_PARAMS, reasoningEffort: "low", reasoningSummary: "auto" },
      }),
      null,
      0,
    );
    expect(body.tools).toEqual([
      { type: "function", name: "get_weather", parameters: weather, strict: true },
      { type: "file_search", vector_store_ids: ["vs_1"] },
    ]);
    expect(body.input).toEqual([
      {
        role: "user",
        content: [
          { type: "input_text", text: "Weather?" },
          { type: "input_image", image_url: "data:image/png;base64,AAAA", detail: "auto" },
        ],
      },
      { type: "function_call", call_id: "call_1", name: "get_weather", arguments: '{"city":"Lisbon"}' },
      { type: "function_call_output", call_id: "call_1", output: "18°C and sunny" },
    ]);
    expect(body.text).toEqual({ format: { type: "json_schema", name: "w", schema: weather, strict: true } });
    expect(body.reasoning).toEqual({ effort: "low", summary: "auto" });
  });

  it("sends the same conversation in Chat's shapes, with seed, stop and penalties", () => {
    const body = buildChatRequest(
      base({
        api: "chat",
        instructions: "",
        messages,
        format: { ...DEFAULT_FORMAT, type: "json_object" },
        params: { ...DEFAULT_PARAMS, seed: 7, stop: ["END", ""], frequencyPenalty: 0.5, presencePenalty: -1 },
      }),
    );
    expect(body.messages).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "Weather?" },
          { type: "image_url", image_url: { url: "data:image/png;base64,AAAA" } },
        ],
      },
      {
        role: "assistant",
        content: null,
        tool_calls: [{ id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Lisbon"}' } }],
      },
      { role: "tool", tool_call_id: "call_1", content: "18°C and sunny" },
    ]);
    expect(body).toMatchObject({
      seed: 7,
      stop: ["END"],
      frequency_penalty: 0.5,
      presence_penalty: -1,
      response_format: { type: "json_object" },
    });
    expect(body.tools).toEqual([{ type: "function", function: { name: "get_weather", parameters: weather, strict: true } }]);
  });

  it("continues from a function call with only the output, by previous_response_id", () => {
    const chained = buildResponsesRequest(base({ messages }), { responseId: "resp_1", messageCount: 2, editCount: 0 }, 0);
    expect(chained.previous_response_id).toBe("resp_1");
    expect(chained.input).toEqual([{ type: "function_call_output", call_id: "call_1", output: "18°C and sunny" }]);
  });
});

describe("schemas checked as typed", () => {
  it("names bad JSON by line and column, and strict mode's rules", () => {
    expect(checkSchemaText('{\n  "type": "object",\n}', { strict: true, root: "object" }).problems[0]).toMatch(/line 3/);
    const loose = { type: "object", properties: { a: { type: "string" }, b: { type: "strng" } }, required: ["a"] };
    const problems = checkSchemaText(JSON.stringify(loose), { strict: true, root: "object" }).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('"strng" is not a JSON schema type'),
        expect.stringContaining('"additionalProperties": false'),
        expect.stringContaining("missing: b"),
      ]),
    );
    expect(checkSchemaText(JSON.stringify(loose), { strict: false, root: "object" }).problems).toHaveLength(1);
    expect(checkSchemaText('{"type":"array"}', { strict: false, root: "object" }).problems[0]).toMatch(/root must be/);
    expect(checkSchemaText(JSON.stringify({ ...weather, allOf: [] }), { strict: true, root: "object" }).problems[0]).toMatch(/allOf/);
  });

  it("ships examples that pass strict mode, and checks a reply against its schema", () => {
    for (const example of SCHEMA_EXAMPLES)
      expect(checkSchemaText(JSON.stringify(example.schema), { strict: true, root: "object" }).problems).toEqual([]);
    expect(checkReply('{"city":"Lisbon"}', weather).problems).toEqual([]);
    expect(checkReply('{"city":3}', weather).problems.join()).toMatch(/city/);
    expect(checkReply("not json", weather).problems[0]).toMatch(/Not valid JSON/);
    expect(new Validator(weather as ConstructorParameters<typeof Validator>[0]).validate({ city: "x" }).valid).toBe(true);
  });
});

describe("code, cost, advice, highlighting and stored setups", () => {
  const body = buildResponsesRequest(base(), null, 0);

  it("writes the request as curl, JavaScript and Python without a key", () => {
    const curl = exportCode("curl", "responses", body, "http://sb.test/v1");
    expect(curl).toContain("http://sb.test/v1/responses");
    expect(curl).toContain("$OPENAI_API_KEY");
    const js = exportCode("javascript", "responses", body);
    expect(js).toContain("new OpenAI()");
    expect(js).toContain('"get_weather"');
    expect(exportCode("javascript", "chat", buildChatRequest(base({ api: "chat" })), "http://sb.test/v1")).toContain(
      'baseURL: "http://sb.test/v1"',
    );
    const py = exportCode("python", "responses", body);
    expect(py).toContain('"strict": True');
    expect(py).toContain("stream=True");
    expect(py).not.toMatch(/sk-/);
    expect(pythonLiteral({ a: [true, null] })).toBe('{\n    "a": [\n        True,\n        None\n    ]\n}');
  });

  it("prices a turn like the usage pages (nano-dollars, cached input at its own rate)", () => {
    const rates = { inputMicrosPerMillion: 400_000, cachedInputMicrosPerMillion: 100_000, outputMicrosPerMillion: 1_600_000 };
    // 900 × 0.4 + 100 × 0.1 + 50 × 1.6 micro-dollars per thousand tokens… in nano-dollars:
    expect(turnCostNanos({ input: 1000, cached: 100, output: 50, reasoning: 0 }, rates)).toBe(360_000 + 10_000 + 80_000);
    expect(formatNanos(450_000)).toBe("$0.00045");
    expect(formatNanos(1_270_000_000)).toBe("$1.27");
  });

  it("says what to do about the errors people meet", () => {
    expect(adviceFor({ status: 429, code: "rate_limit_exceeded", param: null, message: "Rate limit" })).toMatch(/wait/);
    expect(adviceFor({ status: 400, code: "context_length_exceeded", param: null, message: "too long" })).toMatch(/shorten/);
    expect(adviceFor({ status: 404, code: "model_not_found", param: "model", message: "The model x does not exist" })).toMatch(
      /another model/,
    );
    expect(adviceFor({ status: 400, code: null, param: null, message: "Your request was flagged by our safety system" })).toMatch(
      /rephrase/,
    );
  });

  it("highlights code without HTML and splits Markdown at blank lines outside fences", () => {
    const tokens = highlight('const a = "<b>"; // hi', "js");
    expect(tokens.map((t) => t.kind)).toEqual(["keyword", "plain", "string", "plain", "comment"]);
    expect(splitBlocks("a\n\n```\nx\n\ny\n```\n\nb")).toEqual(["a", "```\nx\n\ny\n```", "b"]);
    const long = Array.from({ length: 80 }, (_, i) => `Sentence number ${i} says something.`).join(" ");
    const pieces = splitParagraph(long);
    expect(pieces.length).toBeGreaterThan(3);
    expect(pieces.join("")).toBe(long);
    expect(splitParagraph(`- a list\n${long}`)).toHaveLength(1);
    const code = `${long.slice(0, 700)} Then \`a. B\` ends. ${long}`;
    for (const piece of splitParagraph(code)) expect((piece.split("`").length - 1) % 2).toBe(0);
  });

  it("streams Markdown so that each new token re-parses only the answer's last piece, not all of it", () => {
    // What keeps a 5,000-token answer from freezing the page: earlier pieces keep their text as the
    // answer grows, so the renderer's cache (components/playground/markdown.tsx) answers for them.
    const sentence = (i: number) => `The harbour number ${i} keeps its lights burning through the tide. `;
    let text = "";
    for (let p = 0; p < 40; p++) {
      text += `${Array.from({ length: 12 }, (_, i) => sentence(p * 12 + i)).join("")}\n\n`;
      if (p % 10 === 3) text += "- one item\n- two items\n\n```js\nconst a = 1;\n\nconst b = 2;\n```\n\n";
    }
    const seen = new Set<string>();
    let parsed = 0;
    for (let at = 4; at <= text.length; at += 4) {
      for (const block of splitBlocks(text.slice(0, at)))
        for (const piece of splitParagraph(block)) {
          if (seen.has(piece)) continue;
          seen.add(piece);
          parsed += piece.length;
        }
    }
    // Piecewise this parses ~100 times the answer's length in all; the whole answer every token, ~4,000.
    expect(parsed / text.length).toBeLessThan(200);
  });

  it("reads back a stored setup, filling what an older page did not store and refusing junk", () => {
    const old = {
      api: "chat",
      model: "m",
      instructions: "",
      messages: [],
      params: { temperature: null, topP: null, maxOutputTokens: null, store: true },
    };
    expect(readSetup(old)?.tools).toEqual(DEFAULT_TOOLS);
    expect(readSetup(old)?.params.stop).toEqual([]);
    expect(readSetup({ api: "nope" })).toBeNull();
  });
});
