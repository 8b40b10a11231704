import "server-only";
import { Readable } from "node:stream";
import { readWithin } from "./pipe";
import type { UpstreamTarget } from "./target";

// JSON request bodies are small (a prompt, a few images as data URLs) and are read whole, so the
// core can see the model, ask a streamed chat completion for its usage, and map Azure deployments.
// Every other body (multipart uploads, file parts) streams through untouched.

export const MAX_JSON_BODY_BYTES = 32 * 1024 * 1024;

export class BodyTooLargeError extends Error {
  constructor() {
    super(`The JSON request body is larger than ${MAX_JSON_BODY_BYTES / 1024 / 1024} MB`);
  }
}

export interface PreparedBody {
  body: Buffer | Readable | null;
  /** True when the body goes upstream byte for byte as the caller sent it (content-length still holds). */
  unchanged: boolean;
  model: string | null;
  stream: boolean;
  /** The core added stream_options.include_usage; the extra usage chunk is taken out of what the caller sees. */
  stripUsageChunk: boolean;
  /** Path to call instead of the caller's (Azure deployment-style URLs). */
  path: string;
  /** The parsed JSON, for doors that check it (the gateway's allowed models). */
  json: Record<string, unknown> | null;
}

export function isJson(contentType: string | undefined | null): boolean {
  return !!contentType && /^application\/(.+\+)?json\b/i.test(contentType.trim());
}

/**
 * Reads a whole body, refusing (and destroying the stream) past `limit` bytes. Node streams are
 * read through their events (readWithin): an async iterator per call was a visible share of a
 * gateway call.
 */
export async function readLimited(stream: Readable | AsyncIterable<Uint8Array>, limit: number): Promise<Buffer> {
  if (!(stream instanceof Readable)) return readIterable(stream, limit);
  const read = await readWithin(stream, limit);
  if ("bytes" in read) return read.bytes;
  read.stream.destroy();
  throw new BodyTooLargeError();
}

async function readIterable(stream: AsyncIterable<Uint8Array>, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLargeError();
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

export async function prepareBody(
  method: string,
  path: string,
  contentType: string | null | undefined,
  body: Readable | null,
  target: UpstreamTarget,
): Promise<PreparedBody> {
  const plain: PreparedBody = { body, unchanged: true, model: null, stream: false, stripUsageChunk: false, path, json: null };
  if (!body || method === "GET" || method === "HEAD") return { ...plain, body: null };
  if (!isJson(contentType)) return plain;

  const raw = await readLimited(body, MAX_JSON_BODY_BYTES);
  let json: unknown;
  try {
    json = JSON.parse(raw.toString("utf8"));
  } catch {
    // Not ours to judge: the upstream answers a malformed body with its own 400.
    return { ...plain, body: raw };
  }
  if (!json || typeof json !== "object" || Array.isArray(json)) return { ...plain, body: raw };
  const object = json as Record<string, unknown>;
  const model = typeof object.model === "string" ? object.model : null;
  const stream = object.stream === true;
  let changed = false;
  let stripUsageChunk = false;
  let upstreamPath = path;

  if (stream && (path === "/chat/completions" || path === "/completions")) {
    const options = (object.stream_options ?? {}) as Record<string, unknown>;
    if (options.include_usage !== true) {
      object.stream_options = { ...options, include_usage: true };
      stripUsageChunk = true;
      changed = true;
    }
  }

  const deployment = model && target.deployments?.[model];
  if (deployment) {
    object.model = deployment;
    changed = true;
    // Azure's older deployment-style API names the deployment in the path; its v1 API takes it as the model.
    if (target.baseUrl && !/\/v1$/.test(target.baseUrl)) upstreamPath = `/deployments/${encodeURIComponent(deployment)}${path}`;
  }

  return {
    body: changed ? Buffer.from(JSON.stringify(object)) : raw,
    unchanged: !changed,
    model,
    stream,
    stripUsageChunk,
    path: upstreamPath,
    json: object,
  };
}
