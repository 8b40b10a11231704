import "server-only";
import { readBlobStream } from "../blobs";

export interface InputLine {
  /** 1-based line number in the file (blank lines count), as errors name them. */
  number: number;
  text: string;
  /** Byte offset just past this line's newline: where the next line starts. */
  end: number;
}

const NEWLINE = 0x0a;

/**
 * The non-blank lines of a stored file from byte `start` on, read as a stream (input files go up
 * to 200 MB). `firstNumber` is the line number of the line at `start`.
 */
export async function* readInputLines(fileId: string, start = 0, firstNumber = 1): AsyncGenerator<InputLine> {
  let pending: Buffer[] = [];
  let offset = start;
  let number = firstNumber;
  const emit = (parts: Buffer[], end: number): InputLine | null => {
    const text = Buffer.concat(parts).toString("utf8");
    const line = { number, text, end };
    number++;
    return text.trim() ? line : null;
  };
  for await (const chunk of readBlobStream("files", fileId, { start })) {
    const bytes = chunk as Buffer;
    let from = 0;
    for (let at = bytes.indexOf(NEWLINE, from); at !== -1; at = bytes.indexOf(NEWLINE, from)) {
      const line = emit([...pending, bytes.subarray(from, at)], offset + at + 1);
      pending = [];
      if (line) yield line;
      from = at + 1;
    }
    if (from < bytes.length) pending.push(bytes.subarray(from));
    offset += bytes.length;
  }
  if (pending.length) {
    const line = emit(pending, offset);
    if (line) yield line;
  }
}
