import { encode } from "gpt-tokenizer/encoding/o200k_base";
import { describe, expect, it } from "vitest";
import { countInputTokens, maxOutputTokens } from "@/lib/gateway/cost";

// What a call is estimated to read and write, before it goes upstream (its limits and budget
// reserve this much).

const imageBytes = Buffer.alloc(1024 * 1024, 7).toString("base64");

describe("counting a call's input tokens", () => {
  it("counts the text of every message, and a few tokens for each", () => {
    const text = "Summarise the attached quarterly report in three bullet points, in plain words.";
    const one = countInputTokens("/chat/completions", { messages: [{ role: "user", content: text }] });
    expect(one).toBeGreaterThanOrEqual(encode(text).length);
    expect(one).toBeLessThan(encode(text).length + 10);
    const two = countInputTokens("/chat/completions", {
      messages: [
        { role: "system", content: text },
        { role: "user", content: text },
      ],
    });
    expect(two).toBeGreaterThanOrEqual(2 * encode(text).length);
  });

  it("counts a text it has seen before the same, however many other texts came between", () => {
    const text = "You are a careful assistant. Answer in one short paragraph, and cite the source you used.";
    const first = countInputTokens("/responses", { instructions: text, input: "Hi" });
    // Enough other long texts to fill the memory of counted texts more than once.
    for (let i = 0; i < 80; i++) countInputTokens("/responses", { input: `${i} ${"word ".repeat(12_000)}` });
    expect(countInputTokens("/responses", { instructions: text, input: "Hi" })).toBe(first);
    expect(first).toBe(encode(text).length + encode("Hi").length);
  });

  it("counts a 1 MB inline image as one image, not as its base64 text, and does so at once", () => {
    const started = performance.now();
    const chat = countInputTokens("/chat/completions", {
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "What is in this picture?" },
            { type: "image_url", image_url: { url: `data:image/png;base64,${imageBytes}` } },
          ],
        },
      ],
    });
    const responses = countInputTokens("/responses", {
      input: [{ role: "user", content: [{ type: "input_image", image_url: `data:image/png;base64,${imageBytes}` }] }],
    });
    // Tokenizing the base64 as text took seconds; counting the image takes well under a millisecond
    // (the bound leaves room for a collection or a busy machine).
    expect(performance.now() - started).toBeLessThan(500);
    for (const tokens of [chat, responses]) {
      expect(tokens).toBeGreaterThan(1000);
      expect(tokens).toBeLessThan(1200);
    }
  });

  it("counts an inline file by its size, and token arrays by their length", () => {
    const file = countInputTokens("/responses", {
      input: [
        { role: "user", content: [{ type: "input_file", filename: "a.pdf", file_data: `data:application/pdf;base64,${imageBytes}` }] },
      ],
    });
    expect(file).toBeGreaterThan(200_000);
    expect(countInputTokens("/embeddings", { input: [[1, 2, 3, 4, 5]] })).toBe(5);
  });

  it("counts what the call may write: its own limit, per choice, or the model's", () => {
    expect(maxOutputTokens("/chat/completions", { max_tokens: 100, n: 3 }, "sandbox-chat")).toBe(300);
    expect(maxOutputTokens("/responses", { max_output_tokens: 50 }, "sandbox-chat")).toBe(50);
    expect(maxOutputTokens("/embeddings", {}, "sandbox-embed")).toBe(0);
  });
});
