import { describe, expect, it } from "vitest";
import { tokenizeJsonLine } from "@/lib/files/highlight";
import { findJsonlProblem, findJsonlProblemInText } from "@/lib/files/jsonl";
import { readPreview } from "@/lib/files/preview";

const good = (i: number) => JSON.stringify({ custom_id: `r${i}`, method: "POST", url: "/v1/responses", body: { input: "héllo" } });

function chunked(text: string, size: number): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) controller.close();
      else {
        controller.enqueue(bytes.subarray(offset, offset + size));
        offset += size;
      }
    },
  });
}

describe("findJsonlProblem", () => {
  it("accepts lines of objects, blank lines and a missing final newline", async () => {
    expect(await findJsonlProblemInText([good(1), "", good(2), good(3)].join("\n"))).toBeNull();
    expect(await findJsonlProblemInText(`${good(1)}\r\n${good(2)}\r\n`)).toBeNull();
  });
  it("names the first bad line, whatever the chunking", async () => {
    const lines = Array.from({ length: 10 }, (_, i) => good(i + 1));
    lines[6] = '{"custom_id": "r7", "body": {';
    lines[8] = "not json either";
    for (const size of [1, 3, 17, 1000]) {
      const problem = await findJsonlProblem(chunked(lines.join("\n"), size));
      expect(problem?.line).toBe(7);
      expect(problem?.message).toMatch(/^Line 7 is not valid JSON: /);
    }
  });
  it("says when a line is JSON but not an object", async () => {
    expect(await findJsonlProblemInText(`${good(1)}\n[1, 2]\n`)).toEqual({
      line: 2,
      message: "Line 2 is not a JSON object: each line must be one {…} object.",
    });
    expect((await findJsonlProblemInText(`${good(1)}\n${good(2)}\n42`))?.line).toBe(3);
  });
  it("stops reading at the first bad line", async () => {
    let pulls = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls++;
        controller.enqueue(new TextEncoder().encode(pulls === 1 ? "oops\n" : `${good(pulls)}\n`));
      },
    });
    expect((await findJsonlProblem(stream))?.line).toBe(1);
    expect(pulls).toBeLessThan(3);
  });
});

describe("readPreview", () => {
  it("keeps the first lines and cancels the rest of the stream", async () => {
    let cancelled = false;
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent++;
        controller.enqueue(new TextEncoder().encode(`${good(sent)}\n`));
      },
      cancel() {
        cancelled = true;
      },
    });
    const preview = await readPreview(stream, 5, 64 * 1024);
    expect(preview.lines).toHaveLength(5);
    expect(preview.truncated).toBe(true);
    expect(cancelled).toBe(true);
    expect(sent).toBeLessThan(10);
  });
  it("stops at the byte limit", async () => {
    const preview = await readPreview(chunked("x".repeat(10_000), 1000), 50, 2500);
    expect(preview.lines[0]).toHaveLength(2500);
    expect(preview.truncated).toBe(true);
  });
  it("reads a short file whole and says it is complete", async () => {
    expect(await readPreview(chunked("a\nb\n", 2))).toEqual({ lines: ["a", "b"], truncated: false, binary: false });
  });
  it("recognises binary content", async () => {
    expect((await readPreview(new Blob([new Uint8Array([0x89, 0x50, 0, 1])]).stream())).binary).toBe(true);
  });
});

describe("tokenizeJsonLine", () => {
  it("tells keys, strings, numbers and literals apart and loses nothing", () => {
    const line = '{"a": "x\\"y", "n": -1.5e3, "ok": true, "z": null}';
    const tokens = tokenizeJsonLine(line);
    expect(tokens.map((t) => t.text).join("")).toBe(line);
    expect(tokens.filter((t) => t.kind === "key").map((t) => t.text)).toEqual(['"a"', '"n"', '"ok"', '"z"']);
    expect(tokens.filter((t) => t.kind === "string").map((t) => t.text)).toEqual(['"x\\"y"']);
    expect(tokens.filter((t) => t.kind === "number").map((t) => t.text)).toEqual(["-1.5e3"]);
    expect(tokens.filter((t) => t.kind === "literal").map((t) => t.text)).toEqual(["true", "null"]);
  });
  it("keeps markup as plain text", () => {
    const tokens = tokenizeJsonLine("<script>alert(1)</script>");
    expect(tokens.map((t) => t.text).join("")).toBe("<script>alert(1)</script>");
  });
});
