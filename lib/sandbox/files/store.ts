import "server-only";
import { db } from "@/lib/db/client";
import { BlobTooLargeError, removeBlob, writeBlob } from "../blobs";
import { invalidRequest, notFound } from "../errors";
import { newId, unixSeconds } from "../ids";

// The one way sandbox code creates, reads and deletes files: a SandboxFile row plus its blob.
// The routes (files, uploads) and vector-store ingestion all go through here.

export const MAX_FILE_BYTES = 512 * 1024 * 1024;

export type SandboxFileRow = {
  id: string;
  purpose: string;
  filename: string;
  bytes: bigint;
  status: string;
  statusDetails: string | null;
  expiresAt: Date | null;
  createdAt: Date;
};

export function fileObject(row: SandboxFileRow) {
  return {
    id: row.id,
    object: "file" as const,
    bytes: Number(row.bytes),
    created_at: unixSeconds(row.createdAt),
    expires_at: row.expiresAt ? unixSeconds(row.expiresAt) : null,
    filename: row.filename,
    purpose: row.purpose,
    status: row.status,
    status_details: row.statusDetails,
  };
}

/** Streams content to disk, then records the file; nothing is recorded if the write fails. */
export async function createFile(input: {
  purpose: string;
  filename: string;
  content: ReadableStream<Uint8Array> | NodeJS.ReadableStream;
  maxBytes?: number;
  expiresAt?: Date | null;
}): Promise<SandboxFileRow> {
  const id = newId.file();
  const maxBytes = input.maxBytes ?? MAX_FILE_BYTES;
  let bytes: number;
  try {
    bytes = await writeBlob("files", id, input.content, maxBytes);
  } catch (error) {
    if (error instanceof BlobTooLargeError) {
      throw invalidRequest(`File is too large. The maximum size is ${Math.round(maxBytes / 1024 / 1024)} MB.`, "file", "file_too_large");
    }
    throw error;
  }
  const prisma = await db();
  try {
    return await prisma.sandboxFile.create({
      data: { id, purpose: input.purpose, filename: input.filename, bytes: BigInt(bytes), expiresAt: input.expiresAt ?? null },
    });
  } catch (error) {
    await removeBlob("files", id);
    throw error;
  }
}

/** Records a file whose blob already exists under `id` (an assembled upload). */
export async function recordFile(input: { id: string; purpose: string; filename: string; bytes: number }): Promise<SandboxFileRow> {
  const prisma = await db();
  return prisma.sandboxFile.create({
    data: { id: input.id, purpose: input.purpose, filename: input.filename, bytes: BigInt(input.bytes) },
  });
}

export async function findFile(id: string): Promise<SandboxFileRow | null> {
  const prisma = await db();
  return prisma.sandboxFile.findUnique({ where: { id } });
}

export async function requireFile(id: string, param = "file_id"): Promise<SandboxFileRow> {
  const file = await findFile(id);
  if (!file) throw notFound(`No such File object: ${id}`, param);
  return file;
}

export async function deleteFile(id: string): Promise<void> {
  const prisma = await db();
  await prisma.sandboxFile.delete({ where: { id } });
  await removeBlob("files", id);
}
