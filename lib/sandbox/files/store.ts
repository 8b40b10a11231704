import "server-only";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { BlobTooLargeError, removeBlob, writeBlob } from "../blobs";
import { invalidRequest, notFound } from "../errors";
import { newId, unixSeconds } from "../ids";
import { type ListParams, listPage, pageQuery } from "../pagination";

// The one way sandbox code creates, reads and deletes files: a SandboxFile row plus its blob.
// The routes (files, uploads) and vector-store ingestion all go through here.

export const MAX_FILE_BYTES = 512 * 1024 * 1024;

/** The upload limit: the real API's 512 MB, or SANDBOX_MAX_FILE_BYTES (tests use a small one). */
export function maxFileBytes(): number {
  const configured = Number(process.env.SANDBOX_MAX_FILE_BYTES);
  return Number.isInteger(configured) && configured > 0 ? configured : MAX_FILE_BYTES;
}

export type SandboxFileRow = {
  id: string;
  project: string;
  purpose: string;
  filename: string;
  bytes: bigint;
  status: string;
  statusDetails: string | null;
  expiresAt: Date | null;
  createdAt: Date;
};

// `expires_at` and `status_details` are absent rather than null when unset: the OpenAPI
// description types them as plain integer and string, and the SDK as optional.
export function fileObject(row: SandboxFileRow) {
  return {
    id: row.id,
    object: "file" as const,
    bytes: Number(row.bytes),
    created_at: unixSeconds(row.createdAt),
    ...(row.expiresAt ? { expires_at: unixSeconds(row.expiresAt) } : {}),
    filename: row.filename,
    purpose: row.purpose,
    status: row.status,
    ...(row.statusDetails !== null ? { status_details: row.statusDetails } : {}),
  };
}

export function fileTooLarge(maxBytes: number) {
  return invalidRequest(`File is too large. The maximum file size is ${formatBytes(maxBytes)}.`, "file", "file_too_large");
}

export function formatBytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  if (bytes >= 1024 * 1024 && Number.isInteger(mb)) return `${mb} MB`;
  return `${bytes} bytes`;
}

/**
 * Streams content to a new file blob and returns its id, without recording it yet: the caller
 * validates what it learned while streaming, then calls recordFile or discardFileContent.
 */
export async function writeFileContent(
  content: ReadableStream<Uint8Array> | NodeJS.ReadableStream,
  maxBytes = Number.POSITIVE_INFINITY,
): Promise<{ id: string; bytes: number }> {
  const id = newId.file();
  try {
    return { id, bytes: await writeBlob("files", id, content, maxBytes) };
  } catch (error) {
    if (error instanceof BlobTooLargeError) throw fileTooLarge(maxBytes);
    throw error;
  }
}

export async function discardFileContent(id: string): Promise<void> {
  await removeBlob("files", id);
}

/** Streams content to disk, then records the file; nothing is recorded if the write fails. */
export async function createFile(input: {
  project: string;
  purpose: string;
  filename: string;
  content: ReadableStream<Uint8Array> | NodeJS.ReadableStream;
  maxBytes?: number;
  expiresAt?: Date | null;
}): Promise<SandboxFileRow> {
  const { id, bytes } = await writeFileContent(input.content, input.maxBytes ?? maxFileBytes());
  return recordFile({ id, project: input.project, purpose: input.purpose, filename: input.filename, bytes, expiresAt: input.expiresAt });
}

/**
 * Records a file whose blob already exists under `id`. If the row cannot be written the blob is
 * removed, so a failure leaves neither. Pass `tx` to record it inside a caller's transaction
 * (the caller then owns the clean-up).
 */
export async function recordFile(
  input: { id: string; project: string; purpose: string; filename: string; bytes: number; createdAt?: Date; expiresAt?: Date | null },
  tx?: Prisma.TransactionClient,
): Promise<SandboxFileRow> {
  const data = {
    id: input.id,
    project: input.project,
    purpose: input.purpose,
    filename: input.filename,
    bytes: BigInt(input.bytes),
    createdAt: input.createdAt ?? new Date(),
    expiresAt: input.expiresAt ?? null,
  };
  if (tx) return tx.sandboxFile.create({ data });
  const prisma = await db();
  try {
    return await prisma.sandboxFile.create({ data });
  } catch (error) {
    await discardFileContent(input.id);
    throw error;
  }
}

/**
 * A file of `project` that exists and has not expired (expired ones are swept away by the expiry
 * worker). Another project's file is not found, as with the real API.
 */
export async function findFile(project: string, id: string): Promise<SandboxFileRow | null> {
  const prisma = await db();
  const file = await prisma.sandboxFile.findUnique({ where: { id } });
  return file && file.project === project && !isExpired(file) ? file : null;
}

export async function requireFile(project: string, id: string, param = "file_id"): Promise<SandboxFileRow> {
  const file = await findFile(project, id);
  if (!file) throw notFound(`No such File object: ${id}`, param);
  return file;
}

/** Removes the row, then the blob; returns false when there was no such file. */
export async function deleteFile(id: string): Promise<boolean> {
  const prisma = await db();
  const { count } = await prisma.sandboxFile.deleteMany({ where: { id } });
  await removeBlob("files", id);
  return count > 0;
}

export async function listFiles(project: string, params: ListParams, purpose?: string) {
  const prisma = await db();
  let cursor: { createdAt: Date; id: string } | null = null;
  const cursorId = params.after ?? params.before;
  if (cursorId !== undefined) {
    cursor = await prisma.sandboxFile.findFirst({ where: { id: cursorId, project }, select: { id: true, createdAt: true } });
    if (!cursor) throw invalidRequest(`No such File object: ${cursorId}`, params.after !== undefined ? "after" : "before");
  }
  const { where, orderBy, take, reverse } = pageQuery(params, cursor);
  const rows = await prisma.sandboxFile.findMany({
    where: { AND: [{ project }, where, purpose ? { purpose } : {}, { OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] }] },
    orderBy: [...orderBy],
    take,
  });
  const page = listPage(rows, params, reverse);
  return { ...page, data: page.data.map(fileObject) };
}

function isExpired(file: { expiresAt: Date | null }, now = Date.now()): boolean {
  return file.expiresAt !== null && file.expiresAt.getTime() <= now;
}

/** Deletes up to `limit` expired files (rows and blobs); returns how many went. */
export async function sweepExpiredFiles(limit = 100): Promise<number> {
  const prisma = await db();
  const expired = await prisma.sandboxFile.findMany({ where: { expiresAt: { lte: new Date() } }, select: { id: true }, take: limit });
  for (const { id } of expired) await deleteFile(id);
  return expired.length;
}
