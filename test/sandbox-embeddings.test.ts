import { describe, expect, test } from "vitest";
import { embed } from "@/lib/sandbox/embedding";
import { countTokens, tokenize } from "@/lib/sandbox/tokenizer";
import { expectSchema, skipWithoutSpec } from "./support/openapi";
import { failure, sandboxForThisFile } from "./support/sandbox-server";

// POST /embeddings of the sandbox through the official sandbox.client.

const sandbox = sandboxForThisFile();

function decodeBase64(value: string): number[] {
  const bytes = Buffer.from(value, "base64");
  return Array.from({ length: bytes.length / 4 }, (_, i) => bytes.readFloatLE(i * 4));
}

describe.skipIf(skipWithoutSpec)("POST /embeddings", () => {
  test("embeds strings as the embedding module does, with usage", async () => {
    const input = ["the harbour at dawn", "a quiet harbour in the morning", "quarterly tax forms"];
    const response = await sandbox.client.embeddings.create({ model: "sandbox-embed-small", input, encoding_format: "float" });
    expectSchema("CreateEmbeddingResponse", response);
    expect(response.model).toBe("sandbox-embed-small");
    expect(response.data.map((d) => d.index)).toEqual([0, 1, 2]);
    expect(response.data[0].embedding).toHaveLength(1536);
    expect(response.data[0].embedding).toEqual(Array.from(embed(input[0], 1536)));
    const tokens = input.reduce((sum, text) => sum + countTokens(text), 0);
    expect(response.usage).toEqual({ prompt_tokens: tokens, total_tokens: tokens });
    const dot = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * b[i], 0);
    const [harbour, morning, tax] = response.data.map((d) => d.embedding);
    expect(dot(harbour, morning)).toBeGreaterThan(dot(harbour, tax));
  });

  test("float and base64 (little-endian float32) give the same vector", async () => {
    const input = "Lighthouses of Brittany";
    const float = await sandbox.client.embeddings.create({ model: "sandbox-embed-small", input, encoding_format: "float" });
    const base64 = await sandbox.client.embeddings.create({ model: "sandbox-embed-small", input, encoding_format: "base64" });
    expectSchema("CreateEmbeddingResponse", float);
    const encoded = base64.data[0].embedding as unknown as string;
    expect(typeof encoded).toBe("string");
    expect(decodeBase64(encoded)).toEqual(float.data[0].embedding);
    // The SDK asks for base64 by default and decodes it itself.
    const byDefault = await sandbox.client.embeddings.create({ model: "sandbox-embed-small", input });
    expect(Array.from(byDefault.data[0].embedding)).toEqual(float.data[0].embedding);
  });

  test("dimensions shorten the vector; token arrays embed the text they encode", async () => {
    const short = await sandbox.client.embeddings.create({
      model: "sandbox-embed-small",
      input: "hello world",
      dimensions: 256,
      encoding_format: "float",
    });
    expect(short.data[0].embedding).toHaveLength(256);
    expect(short.data[0].embedding).toEqual(Array.from(embed("hello world", 256)));
    const tokens = tokenize("hello world");
    const fromTokens = await sandbox.client.embeddings.create({
      model: "sandbox-embed-small",
      input: [tokens, tokens],
      encoding_format: "float",
    });
    expect(fromTokens.data).toHaveLength(2);
    expect(fromTokens.data[0].embedding).toEqual(Array.from(embed("hello world", 1536)));
    expect(fromTokens.usage.prompt_tokens).toBe(tokens.length * 2);
    const single = await sandbox.client.embeddings.create({ model: "sandbox-embed-small", input: tokens, encoding_format: "float" });
    expect(single.data).toHaveLength(1);
  });

  const cases: [
    string,
    Record<string, unknown>,
    Partial<{ status: number; code: string | null; param: string | null; message: string }>,
  ][] = [
    ["missing model", { input: "hi" }, { status: 400, code: "missing_required_parameter", param: "model" }],
    ["unknown model", { model: "text-embedding-nope", input: "hi" }, { status: 404, code: "model_not_found" }],
    [
      "a chat model",
      { model: "sandbox-chat", input: "hi" },
      { status: 403, message: "You are not allowed to generate embeddings from this model" },
    ],
    ["missing input", { model: "sandbox-embed-small" }, { status: 400, code: "missing_required_parameter", param: "input" }],
    ["an empty string", { model: "sandbox-embed-small", input: "" }, { status: 400 }],
    ["an empty list", { model: "sandbox-embed-small", input: [] }, { status: 400 }],
    ["a mixed list", { model: "sandbox-embed-small", input: ["a", 3] }, { status: 400 }],
    ["a token out of range", { model: "sandbox-embed-small", input: [[999999999]] }, { status: 400 }],
    [
      "too many dimensions",
      { model: "sandbox-embed-small", input: "hi", dimensions: 4096 },
      { status: 400, code: "integer_above_max_value", param: "dimensions" },
    ],
    [
      "zero dimensions",
      { model: "sandbox-embed-small", input: "hi", dimensions: 0 },
      { status: 400, code: "integer_below_min_value", param: "dimensions" },
    ],
    [
      "a bad encoding",
      { model: "sandbox-embed-small", input: "hi", encoding_format: "hex" },
      { status: 400, code: "invalid_value", param: "encoding_format" },
    ],
    ["a text over the context window", { model: "sandbox-embed-small", input: "word ".repeat(9000) }, { status: 400, param: "input" }],
  ];
  test.each(cases)("refuses %s as the real API does", async (_name, body, expected) => {
    const error = await failure(sandbox.client.post("/embeddings", { body }));
    expect(error).toMatchObject({ type: "invalid_request_error", ...expected });
  });
});
