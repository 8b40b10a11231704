import { PassThrough, Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { readWithin } from "@/lib/upstream/pipe";
import { BodyTooLargeError, readLimited } from "@/lib/upstream/request-body";

// Reading bodies whole: within a limit, past it (refused, or handed on as a stream), and cut off.

const chunks = (count: number, size: number) => Readable.from(Array.from({ length: count }, () => Buffer.alloc(size, 97)));

describe("readLimited", () => {
  it("reads a body within the limit whole", async () => {
    expect((await readLimited(chunks(4, 1000), 4000)).length).toBe(4000);
  });

  it("refuses a body past the limit and destroys its stream", async () => {
    const stream = chunks(5, 1000);
    await expect(readLimited(stream, 4000)).rejects.toBeInstanceOf(BodyTooLargeError);
    expect(stream.destroyed).toBe(true);
  });

  it("rejects a body cut off before its end", async () => {
    const stream = new PassThrough();
    const read = readLimited(stream, 4000);
    stream.write("partial");
    stream.destroy();
    await expect(read).rejects.toMatchObject({ code: "ERR_STREAM_PREMATURE_CLOSE" });
  });
});

describe("readWithin", () => {
  it("hands a body past the limit back as one stream, nothing lost", async () => {
    const read = await readWithin(chunks(10, 1000), 2500);
    expect("stream" in read).toBe(true);
    let size = 0;
    if ("stream" in read) for await (const chunk of read.stream) size += chunk.length;
    expect(size).toBe(10_000);
  });
});
