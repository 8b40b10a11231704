// The browser's JSONL check for batch and fine-tuning files: every non-empty line one JSON object.
// The file is read as a stream and the check stops at the first bad line, so a large file is never
// held whole (a single line is, as JSON.parse needs it).

export type JsonlProblem = { line: number; message: string };

function checkLine(line: number, text: string): JsonlProblem | null {
  if (text.trim() === "") return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { line, message: `Line ${line} is not valid JSON: ${reason}` };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return { line, message: `Line ${line} is not a JSON object: each line must be one {…} object.` };
  }
  return null;
}

/** The first bad line of a JSONL stream, or null when every line is a JSON object. */
export async function findJsonlProblem(stream: ReadableStream<Uint8Array>): Promise<JsonlProblem | null> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let pending = "";
  let line = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      pending += done ? decoder.decode() : decoder.decode(value, { stream: true });
      let start = 0;
      let newline = pending.indexOf("\n");
      while (newline >= 0) {
        line++;
        const problem = checkLine(line, pending.slice(start, newline));
        if (problem) return problem;
        start = newline + 1;
        newline = pending.indexOf("\n", start);
      }
      pending = pending.slice(start);
      if (done) return checkLine(line + 1, pending);
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}

export function findJsonlProblemInText(text: string): Promise<JsonlProblem | null> {
  return findJsonlProblem(new Blob([text]).stream());
}
