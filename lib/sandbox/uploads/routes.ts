import "server-only";
import { removeBlob, writeBlob } from "../blobs";
import type { Route, SandboxContext } from "../context";
import { checkIntegerBounds, invalidRequest, missingParameter } from "../errors";
import { readMultipart } from "../files/multipart";
import { parseExpiresAfter, requirePurpose } from "../files/params";
import { newId } from "../ids";
import { completeUpload } from "./complete";
import {
  cancelUpload,
  createUpload,
  MAX_UPLOAD_BYTES,
  maxPartBytes,
  partObject,
  recordPart,
  requirePendingUpload,
  uploadObject,
} from "./store";
import "./expiry";

function requiredString(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (value === undefined || value === null || value === "") throw missingParameter(name);
  if (typeof value !== "string") {
    throw invalidRequest(`Invalid type for '${name}': expected a string, but got ${typeof value} instead.`, name, "invalid_type");
  }
  return value;
}

function declaredBytes(value: unknown): number {
  if (value === undefined || value === null) throw missingParameter("bytes");
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw invalidRequest(
      `Invalid type for 'bytes': expected an integer, but got ${JSON.stringify(value)} instead.`,
      "bytes",
      "invalid_type",
    );
  }
  return checkIntegerBounds("bytes", value, 1, MAX_UPLOAD_BYTES);
}

// POST /uploads: declares a file of `bytes` bytes, to be sent in parts within the hour.
async function createUploadRoute(ctx: SandboxContext) {
  const body = await ctx.json();
  const filename = requiredString(body, "filename");
  const purpose = requirePurpose(body.purpose);
  const bytes = declaredBytes(body.bytes);
  const mimeType = requiredString(body, "mime_type");
  const fileExpiresAfterSeconds = parseExpiresAfter(body.expires_after);
  return uploadObject(await createUpload({ project: ctx.project, filename, purpose, bytes, mimeType, fileExpiresAfterSeconds }));
}

// POST /uploads/{id}/parts: one part (multipart field `data`, at most 64 MB), streamed to disk.
async function addPartRoute(ctx: SandboxContext) {
  const uploadId = ctx.params[0];
  await requirePendingUpload(ctx.project, uploadId, "add parts to");
  const maxBytes = maxPartBytes();
  const { part } = await readMultipart(ctx, {
    fileField: "data",
    maxFileBytes: maxBytes,
    store: async (content) => {
      const id = newId.part();
      return { id, bytes: await writeBlob("upload-parts", id, content) };
    },
    discard: (stored) => removeBlob("upload-parts", stored.id),
  });
  if (!part) throw missingParameter("data");
  if (part.truncated) {
    await removeBlob("upload-parts", part.result.id);
    throw invalidRequest(`Part is too large. The maximum size of a Part is ${maxBytes} bytes.`, "data", "part_too_large");
  }
  return partObject(await recordPart(uploadId, part.result));
}

export const routes: Route[] = [
  { method: "POST", pattern: /^\/uploads$/, handle: createUploadRoute },
  { method: "POST", pattern: /^\/uploads\/([^/]+)\/parts$/, handle: addPartRoute },
  {
    method: "POST",
    pattern: /^\/uploads\/([^/]+)\/complete$/,
    handle: async (ctx) => completeUpload(ctx.project, ctx.params[0], await ctx.json()),
  },
  {
    method: "POST",
    pattern: /^\/uploads\/([^/]+)\/cancel$/,
    handle: async (ctx) => uploadObject(await cancelUpload(ctx.project, ctx.params[0])),
  },
];
