import "server-only";
import { createReadStream, createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { dataDir } from "@/lib/config/server-env";

// File contents live on disk under the data directory, never in the database or in memory.
export type BlobKind = "files" | "upload-parts";

export function blobPath(kind: BlobKind, id: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(id)) throw new Error("invalid blob id");
  return path.join(/*turbopackIgnore: true*/ dataDir(), "sandbox", kind, id);
}

/**
 * Streams a body to a blob, counting bytes; aborts (and removes the partial file) past maxBytes.
 * Writes to a temporary name first, so a crash never leaves a half-written blob under its id.
 */
export async function writeBlob(
  kind: BlobKind,
  id: string,
  source: ReadableStream<Uint8Array> | NodeJS.ReadableStream,
  maxBytes = Number.POSITIVE_INFINITY,
): Promise<number> {
  const target = blobPath(kind, id);
  await fs.mkdir(path.dirname(target), { recursive: true });
  const temporary = `${target}.partial`;
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      if (bytes > maxBytes) callback(new BlobTooLargeError(maxBytes));
      else callback(null, chunk);
    },
  });
  const input =
    source instanceof ReadableStream
      ? Readable.fromWeb(source as import("node:stream/web").ReadableStream)
      : (source as NodeJS.ReadableStream);
  try {
    await pipeline(input, counter, createWriteStream(temporary));
    await fs.rename(temporary, target);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
  return bytes;
}

export class BlobTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`blob exceeds ${maxBytes} bytes`);
  }
}

export function readBlobStream(kind: BlobKind, id: string, range?: { start?: number; end?: number }): Readable {
  return createReadStream(blobPath(kind, id), range);
}

export function readBlobWeb(kind: BlobKind, id: string): ReadableStream<Uint8Array> {
  return Readable.toWeb(readBlobStream(kind, id)) as ReadableStream<Uint8Array>;
}

export async function readBlobText(kind: BlobKind, id: string, maxBytes?: number): Promise<string> {
  if (maxBytes === undefined) return fs.readFile(blobPath(kind, id), "utf8");
  const handle = await fs.open(blobPath(kind, id));
  try {
    const buffer = Buffer.alloc(maxBytes);
    const { bytesRead } = await handle.read(buffer, 0, maxBytes, 0);
    return buffer.subarray(0, bytesRead).toString("utf8");
  } finally {
    await handle.close();
  }
}

export async function removeBlob(kind: BlobKind, id: string): Promise<void> {
  await fs.rm(blobPath(kind, id), { force: true });
}
