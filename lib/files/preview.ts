// The detail page's preview: the first lines of a file's content, read from its stream until
// enough is in hand, then the stream is cancelled, so a 500 MB file costs at most the preview.

export const PREVIEW_MAX_LINES = 50;
export const PREVIEW_MAX_BYTES = 64 * 1024;

export type Preview = { lines: string[]; truncated: boolean; binary: boolean };

export async function readPreview(
  stream: ReadableStream<Uint8Array>,
  maxLines = PREVIEW_MAX_LINES,
  maxBytes = PREVIEW_MAX_BYTES,
): Promise<Preview> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  let newlines = 0;
  let more = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      bytes += value.length;
      for (const b of value) if (b === 0x0a) newlines++;
      if (bytes >= maxBytes || newlines >= maxLines) {
        more = true;
        break;
      }
    }
  } finally {
    // Cancelling tells the server to stop sending the rest.
    await reader.cancel().catch(() => {});
  }
  const all = new Uint8Array(bytes);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.length;
  }
  const head = all.subarray(0, Math.min(bytes, maxBytes));
  if (head.includes(0)) return { lines: [], truncated: more, binary: true };
  const text = new TextDecoder("utf-8", { fatal: false }).decode(head);
  let lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  const truncated = more || bytes > maxBytes || lines.length > maxLines;
  lines = lines.slice(0, maxLines);
  return { lines, truncated, binary: false };
}

/** Whether a file's content is worth showing as text, from its name. */
export function isTextName(name: string): boolean {
  return /\.(jsonl|json|txt|md|csv|tsv|py|js|ts|tsx|jsx|html|css|sh|c|cpp|cs|go|java|php|rb|tex|xml|yaml|yml|log)$/i.test(name);
}
