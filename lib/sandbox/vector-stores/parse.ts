import "server-only";
import { readBlobStream } from "../blobs";

// Turning an uploaded file into the text that gets chunked. The sandbox reads text formats only;
// documents the real service parses with OCR and layout models (PDF, Office) fail here the way
// any unsupported type fails there: the vector store file ends `failed` with `unsupported_file`.

export type ParseResult = { ok: true; text: string } | { ok: false; code: "unsupported_file" | "invalid_file"; message: string };

const PLAIN = new Set(["txt", "text", "md", "markdown", "mdx", "rst", "tex", "log", "csv", "tsv"]);
// biome-ignore format: one list reads better than a column of 36 lines
const CODE = new Set([
  "c", "h", "cc", "cpp", "hpp", "cs", "css", "go", "java", "js", "mjs", "cjs", "jsx", "ts", "tsx", "php", "py", "rb",
  "rs", "sh", "bash", "zsh", "sql", "swift", "kt", "scala", "lua", "pl", "r", "yaml", "yml", "toml", "ini", "xml",
]);
const MARKUP = new Set(["html", "htm"]);
const STRUCTURED = new Set(["json", "jsonl", "ndjson"]);
export const SUPPORTED_EXTENSIONS = [...PLAIN, ...CODE, ...MARKUP, ...STRUCTURED];

// A file larger than this is refused rather than read whole into memory on a small server.
const MAX_PARSE_BYTES = 64 * 1024 * 1024;

export function extensionOf(filename: string): string {
  const dot = filename.lastIndexOf(".");
  return dot > 0 ? filename.slice(dot + 1).toLowerCase() : "";
}

function unsupported(filename: string, extension: string): ParseResult {
  const type = extension ? `'.${extension}'` : "without an extension whose content is not text";
  return {
    ok: false,
    code: "unsupported_file",
    message: `The file '${filename}' (${type}) is not a supported file type for file search in the Sandbox. Supported extensions: ${SUPPORTED_EXTENSIONS.map((e) => `.${e}`).join(", ")}.`,
  };
}

function looksBinary(bytes: Buffer): boolean {
  return bytes.includes(0);
}

function stripHtml(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, " ")
    .replace(/<br\s*\/?>|<\/(p|div|h[1-6]|li|tr)>/gi, "\n")
    .replace(/<[^>]+>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/[ \t]+/g, " ")
    .replace(/\n\s*\n\s*\n+/g, "\n\n")
    .trim();
}

function checkJson(text: string, extension: string, filename: string): ParseResult | undefined {
  if (extension === "json") {
    try {
      JSON.parse(text);
    } catch (error) {
      return { ok: false, code: "invalid_file", message: `The file '${filename}' is not valid JSON: ${(error as Error).message}` };
    }
    return undefined;
  }
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].trim()) continue;
    try {
      JSON.parse(lines[i]);
    } catch {
      return {
        ok: false,
        code: "invalid_file",
        message: `The file '${filename}' is not valid JSON Lines: line ${i + 1} is not valid JSON.`,
      };
    }
  }
  return undefined;
}

/** Parses bytes that claim to be `filename`. */
export function parseContent(filename: string, bytes: Buffer): ParseResult {
  const extension = extensionOf(filename);
  const known = PLAIN.has(extension) || CODE.has(extension) || MARKUP.has(extension) || STRUCTURED.has(extension);
  // With no extension, text content is taken as plain text, as a `.txt` would be.
  if (!known && extension) return unsupported(filename, extension);
  if (looksBinary(bytes)) return known ? invalidText(filename) : unsupported(filename, extension);
  const strict = decodeStrict(bytes);
  if (strict === undefined) return known ? invalidText(filename) : unsupported(filename, extension);
  let text = strict.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  if (STRUCTURED.has(extension)) {
    const failure = checkJson(text, extension, filename);
    if (failure) return failure;
  }
  if (MARKUP.has(extension)) text = stripHtml(text);
  if (!text.trim()) return { ok: false, code: "invalid_file", message: `The file '${filename}' is empty: there is no text to index.` };
  return { ok: true, text };
}

function decodeStrict(bytes: Buffer): string | undefined {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function invalidText(filename: string): ParseResult {
  return { ok: false, code: "invalid_file", message: `The file '${filename}' could not be read as UTF-8 text.` };
}

/** Reads a stored file's blob and parses it; a missing or oversized blob is an invalid file. */
export async function parseStoredFile(file: { id: string; filename: string; bytes: bigint }): Promise<ParseResult> {
  if (file.bytes > BigInt(MAX_PARSE_BYTES)) {
    return {
      ok: false,
      code: "invalid_file",
      message: `The file '${file.filename}' is larger than the Sandbox indexes (${MAX_PARSE_BYTES / 1024 / 1024} MB).`,
    };
  }
  let bytes: Buffer;
  try {
    const parts: Buffer[] = [];
    for await (const part of readBlobStream("files", file.id)) parts.push(part as Buffer);
    bytes = Buffer.concat(parts);
  } catch {
    return { ok: false, code: "invalid_file", message: `The content of file '${file.filename}' could not be read.` };
  }
  return parseContent(file.filename, bytes);
}
