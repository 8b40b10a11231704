import "server-only";
import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import { Readable } from "node:stream";
import { blobPath } from "../blobs";
import type { Route, SandboxContext } from "../context";
import { invalidRequest, missingParameter, notFound } from "../errors";
import { listParams } from "../pagination";
import { attachmentDisposition, contentTypeFor } from "./content-type";
import { JSONL_PURPOSES, JsonlValidator, jsonlError, validatedBytes } from "./jsonl";
import { readMultipart } from "./multipart";
import { expiresAfterFromForm, fileExpiry, parseExpiresAfter, requirePurpose } from "./params";
import {
  deleteFile,
  discardFileContent,
  fileObject,
  fileTooLarge,
  listFiles,
  maxFileBytes,
  recordFile,
  requireFile,
  writeFileContent,
} from "./store";
import "./expiry";

// POST /files: a multipart upload, streamed to disk as it arrives; checked once it is all in.
async function createFileRoute(ctx: SandboxContext) {
  const maxBytes = maxFileBytes();
  let validator: JsonlValidator | null = null;
  const { fields, part } = await readMultipart(ctx, {
    fileField: "file",
    maxFileBytes: maxBytes,
    store: (content, sentBefore) => {
      // The purpose may come after the file, so the JSONL check runs unless it is known not to matter.
      const purpose = sentBefore.purpose;
      validator = purpose === undefined || JSONL_PURPOSES.has(purpose) ? new JsonlValidator() : null;
      return writeFileContent(validator ? Readable.from(validatedBytes(content, validator), { objectMode: false }) : content);
    },
    discard: (stored) => discardFileContent(stored.id),
  });
  try {
    const purpose = requirePurpose(fields.purpose);
    const expiresAfter = parseExpiresAfter(expiresAfterFromForm(fields));
    if (!part) throw missingParameter("file");
    if (part.truncated) throw fileTooLarge(maxBytes);
    if (part.result.bytes === 0) throw invalidRequest("File is empty. Please upload a file with content.", "file", "empty_file");
    const problem = JSONL_PURPOSES.has(purpose) ? (validator as JsonlValidator | null)?.end() : null;
    if (problem) throw jsonlError(problem);
    const createdAt = new Date();
    const row = await recordFile({
      id: part.result.id,
      project: ctx.project,
      purpose,
      filename: part.filename || "file",
      bytes: part.result.bytes,
      createdAt,
      expiresAt: fileExpiry(purpose, expiresAfter, createdAt),
    });
    return fileObject(row);
  } catch (error) {
    if (part) await discardFileContent(part.result.id);
    throw error;
  }
}

async function listFilesRoute(ctx: SandboxContext) {
  const params = listParams(ctx.url, { limit: 10000, maxLimit: 10000, order: "desc" });
  // The files list pages forwards only (no `before` in the API).
  params.before = undefined;
  return listFiles(ctx.project, params, ctx.url.searchParams.get("purpose") || undefined);
}

async function fileContentRoute(ctx: SandboxContext) {
  const file = await requireFile(ctx.project, ctx.params[0], "id");
  // A row whose blob is gone (deleted by hand) answers as missing rather than as a broken stream.
  const exists = await fs.stat(blobPath("files", file.id)).then(
    () => true,
    () => false,
  );
  if (!exists) throw notFound(`No such File object: ${file.id}`, "id");
  // 1 MB reads: measured here, 64 KB reads gave half the throughput of 1 MB ones.
  const content = Readable.toWeb(createReadStream(blobPath("files", file.id), { highWaterMark: 1024 * 1024 }));
  return new Response(content as ReadableStream<Uint8Array>, {
    headers: {
      "content-type": contentTypeFor(file.filename),
      "content-length": String(file.bytes),
      "content-disposition": attachmentDisposition(file.filename),
      ...ctx.headers,
    },
  });
}

export const routes: Route[] = [
  { method: "POST", pattern: /^\/files$/, handle: createFileRoute },
  { method: "GET", pattern: /^\/files$/, handle: listFilesRoute },
  { method: "GET", pattern: /^\/files\/([^/]+)$/, handle: async (ctx) => fileObject(await requireFile(ctx.project, ctx.params[0], "id")) },
  { method: "GET", pattern: /^\/files\/([^/]+)\/content$/, handle: fileContentRoute },
  {
    method: "DELETE",
    pattern: /^\/files\/([^/]+)$/,
    handle: async (ctx) => {
      const file = await requireFile(ctx.project, ctx.params[0], "id");
      await deleteFile(file.id);
      return { id: file.id, object: "file", deleted: true };
    },
  },
];
