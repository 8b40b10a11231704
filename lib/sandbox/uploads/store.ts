import "server-only";
import { db } from "@/lib/db/client";
import type { SandboxUpload } from "@/lib/generated/prisma/client";
import { removeBlob } from "../blobs";
import { invalidRequest, notFound, type SandboxError } from "../errors";
import { fileObject, type SandboxFileRow } from "../files/store";
import { newId, unixSeconds } from "../ids";

// Uploads: a declared file assembled from parts. State lives in SandboxUpload (status pending,
// completed, cancelled or expired) and SandboxUploadPart, each part's bytes in an "upload-parts"
// blob. An upload's status only changes through a conditional update from "pending", so a part
// arriving while the upload is completed or cancelled elsewhere is refused, never half-added.

export const MAX_UPLOAD_BYTES = 8 * 1024 * 1024 * 1024;
export const UPLOAD_LIFETIME_MS = 60 * 60 * 1000;
const MAX_PART_BYTES = 64 * 1024 * 1024;

/** Each part's limit: the real API's 64 MB, or SANDBOX_MAX_PART_BYTES (tests use a small one). */
export function maxPartBytes(): number {
  const configured = Number(process.env.SANDBOX_MAX_PART_BYTES);
  return Number.isInteger(configured) && configured > 0 ? configured : MAX_PART_BYTES;
}

export type UploadStatus = "pending" | "completed" | "cancelled" | "expired";

/** A pending upload past its expires_at is expired, whether or not the sweeper has marked it yet. */
export function uploadStatus(row: SandboxUpload, now = Date.now()): UploadStatus {
  if (row.status === "pending" && row.expiresAt.getTime() <= now) return "expired";
  return row.status as UploadStatus;
}

export function uploadObject(row: SandboxUpload, file?: SandboxFileRow | null) {
  return {
    id: row.id,
    object: "upload" as const,
    bytes: Number(row.bytes),
    created_at: unixSeconds(row.createdAt),
    filename: row.filename,
    purpose: row.purpose,
    status: uploadStatus(row),
    expires_at: unixSeconds(row.expiresAt),
    // Absent until completed: the OpenAPI schema has no null for it (the SDK reads either).
    ...(file ? { file: fileObject(file) } : {}),
  };
}

export function partObject(part: { id: string; uploadId: string; createdAt: Date }) {
  return { id: part.id, object: "upload.part" as const, created_at: unixSeconds(part.createdAt), upload_id: part.uploadId };
}

export async function createUpload(input: {
  project: string;
  filename: string;
  purpose: string;
  bytes: number;
  mimeType: string;
  fileExpiresAfterSeconds: number | null;
}): Promise<SandboxUpload> {
  const prisma = await db();
  const createdAt = new Date();
  return prisma.sandboxUpload.create({
    data: {
      id: newId.upload(),
      project: input.project,
      filename: input.filename,
      purpose: input.purpose,
      bytes: BigInt(input.bytes),
      mimeType: input.mimeType,
      fileExpiresAfterSeconds: input.fileExpiresAfterSeconds,
      createdAt,
      expiresAt: new Date(createdAt.getTime() + UPLOAD_LIFETIME_MS),
    },
  });
}

/** An upload of `project`; another project's upload is not found. */
export async function requireUpload(project: string, id: string): Promise<SandboxUpload> {
  const prisma = await db();
  const upload = await prisma.sandboxUpload.findUnique({ where: { id } });
  if (!upload || upload.project !== project) throw notFound(`No such Upload object: ${id}`, "id");
  return upload;
}

/** An upload already checked to be the caller's, read again to see what changed meanwhile. */
export async function reloadUpload(id: string): Promise<SandboxUpload> {
  const prisma = await db();
  return prisma.sandboxUpload.findUniqueOrThrow({ where: { id } });
}

/** The error for acting (`action`) on an upload that is no longer pending. */
export function notPending(upload: SandboxUpload, action: "add parts to" | "complete" | "cancel"): SandboxError {
  const status = uploadStatus(upload);
  const why: Record<Exclude<UploadStatus, "pending">, string> = {
    completed: "it has already been completed",
    cancelled: "it has been cancelled",
    expired: `it expired at ${upload.expiresAt.toISOString()} (an Upload expires an hour after it is created)`,
  };
  const reason = status === "pending" ? "it changed while this request was running" : why[status];
  return invalidRequest(`Cannot ${action} Upload ${upload.id}: ${reason}.`);
}

/** Fails unless the upload is pending and unexpired; meant to run before reading a part's bytes. */
export async function requirePendingUpload(
  project: string,
  id: string,
  action: "add parts to" | "complete" | "cancel",
): Promise<SandboxUpload> {
  const upload = await requireUpload(project, id);
  if (uploadStatus(upload) !== "pending") throw notPending(upload, action);
  return upload;
}

/** Records a part whose blob is written, if the upload is still pending; else removes the blob. */
export async function recordPart(uploadId: string, part: { id: string; bytes: number }) {
  const prisma = await db();
  const createdAt = new Date();
  try {
    const created = await prisma.$transaction(async (tx) => {
      // Locks the upload row until commit, so complete and cancel wait for this part or refuse it.
      const { count } = await tx.sandboxUpload.updateMany({
        where: { id: uploadId, status: "pending", expiresAt: { gt: createdAt } },
        data: { status: "pending" },
      });
      if (count === 0) return null;
      return tx.sandboxUploadPart.create({ data: { id: part.id, uploadId, bytes: BigInt(part.bytes), createdAt } });
    });
    if (!created) throw notPending(await reloadUpload(uploadId), "add parts to");
    return created;
  } catch (error) {
    await removeBlob("upload-parts", part.id);
    throw error;
  }
}

/** Removes an upload's parts: rows first, so no one reads a part whose blob is going. */
export async function removeParts(uploadId: string): Promise<void> {
  const prisma = await db();
  const parts = await prisma.sandboxUploadPart.findMany({ where: { uploadId }, select: { id: true } });
  await prisma.sandboxUploadPart.deleteMany({ where: { uploadId } });
  for (const { id } of parts) await removeBlob("upload-parts", id);
}

export async function cancelUpload(project: string, id: string): Promise<SandboxUpload> {
  await requireUpload(project, id);
  const prisma = await db();
  const { count } = await prisma.sandboxUpload.updateMany({
    where: { id, status: "pending", expiresAt: { gt: new Date() } },
    data: { status: "cancelled" },
  });
  if (count === 0) throw notPending(await reloadUpload(id), "cancel");
  await removeParts(id);
  return reloadUpload(id);
}

/** Marks pending uploads past their expiry as expired and removes their parts. */
export async function sweepExpiredUploads(limit = 100): Promise<number> {
  const prisma = await db();
  const now = new Date();
  const due = await prisma.sandboxUpload.findMany({
    where: { status: "pending", expiresAt: { lte: now } },
    select: { id: true },
    take: limit,
  });
  for (const { id } of due) {
    const { count } = await prisma.sandboxUpload.updateMany({
      where: { id, status: "pending", expiresAt: { lte: now } },
      data: { status: "expired" },
    });
    if (count) await removeParts(id);
  }
  return due.length;
}
