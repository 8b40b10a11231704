import "server-only";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import busboy from "busboy";
import type { SandboxContext } from "../context";
import { invalidRequest, missingParameter, SandboxError } from "../errors";

export interface StoredPart<T> {
  result: T;
  filename: string;
  mimeType: string;
  /** The part was longer than maxFileBytes: what was stored is cut short and must be discarded. */
  truncated: boolean;
}

export interface MultipartOptions<T> {
  /** The one form field whose content is streamed (`file`, `data`); other file parts are skipped. */
  fileField: string;
  maxFileBytes: number;
  /** Streams the part somewhere; `fields` holds the text fields sent before it. */
  store(content: Readable, fields: Readonly<Record<string, string>>): Promise<T>;
  /** Undoes `store` when the request fails after the part was stored (client gone, bad form). */
  discard(result: T): Promise<void>;
}

/**
 * Reads a multipart/form-data body as it arrives: text fields into an object, the file field
 * streamed to `store` (never buffered). Clients send fields in any order (the official SDK sends
 * the file before `purpose`), so validation of the fields happens after this returns.
 */
export async function readMultipart<T>(
  ctx: SandboxContext,
  options: MultipartOptions<T>,
): Promise<{ fields: Record<string, string>; part: StoredPart<T> | null }> {
  const contentType = ctx.request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data/i.test(contentType)) {
    throw invalidRequest(
      `Invalid Content-Type header (${contentType || "none"}), expected multipart/form-data. (HINT: If you're using curl, you can pass -H 'Content-Type: multipart/form-data')`,
    );
  }
  const body = ctx.request.body;
  if (!body) throw missingParameter(options.fileField);

  let parser: busboy.Busboy;
  try {
    // One byte over the limit is enough to know the part is too large; busboy then skips the rest
    // of it, so the client still gets our answer rather than a reset connection.
    parser = busboy({
      headers: { "content-type": contentType },
      limits: { fileSize: options.maxFileBytes + 1, fields: 100, fieldSize: 64 * 1024, parts: 200 },
    });
  } catch {
    throw invalidRequest("Could not parse the multipart form: the Content-Type header has no boundary.");
  }

  const fields: Record<string, string> = {};
  let stored: Promise<StoredPart<T> | null> | undefined;
  // A failure of `store` itself (disk full…) is the answer; one caused by the form breaking
  // off (client gone, malformed body) is only a consequence of that.
  let storeError: { error: unknown } | undefined;
  parser.on("field", (name, value) => {
    fields[name] = value;
  });
  parser.on("file", (name, stream, info) => {
    if (name !== options.fileField || stored) {
      stream.resume();
      return;
    }
    let truncated = false;
    stream.on("limit", () => {
      truncated = true;
    });
    stored = options.store(stream, { ...fields }).then(
      (result) => ({ result, filename: info.filename ?? "", mimeType: info.mimeType, truncated }),
      (error: unknown) => {
        if (!parser.destroyed) {
          storeError = { error };
          // busboy would wait forever for a consumer that gave up; stop the whole form.
          parser.destroy(error instanceof Error ? error : new Error(String(error)));
        }
        return null;
      },
    );
  });

  let parseError: unknown;
  try {
    await pipeline(Readable.fromWeb(body as import("node:stream/web").ReadableStream), parser);
  } catch (error) {
    parseError = error;
  }
  const part = (await stored) ?? null;
  if (storeError) throw storeError.error;
  if (parseError !== undefined) {
    if (part) await options.discard(part.result);
    if (ctx.signal.aborted) throw new SandboxError(499, "The client closed the request.", "invalid_request_error");
    throw invalidRequest(`Could not parse the multipart form: ${parseError instanceof Error ? parseError.message : "malformed body"}.`);
  }
  return { fields, part };
}
