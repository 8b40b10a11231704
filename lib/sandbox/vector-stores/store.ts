import "server-only";
import { db } from "@/lib/db/client";
import { Prisma, type SandboxFileBatch, type SandboxVectorStore, type SandboxVectorStoreFile } from "@/lib/generated/prisma/client";
import { invalidRequest, notFound } from "../errors";
import { unixSeconds } from "../ids";
import type { StaticChunking } from "./chunking";
import { checkIdPrefix, type ExpiresAfter } from "./validate";

// Vector stores, their files and batches as rows, and the API objects made from them. Counts,
// usage and status are computed from the files each time, so they can never drift from them.

const DAY_MS = 86_400_000;
export const FILE_STATUSES = ["in_progress", "completed", "failed", "cancelled"] as const;
export type FileStatus = (typeof FILE_STATUSES)[number];
export type FileCounts = Record<FileStatus | "total", number>;
type Tx = Prisma.TransactionClient;

export function expiresAtFor(expiresAfter: ExpiresAfter | null, lastActiveAt: Date): Date | null {
  return expiresAfter ? new Date(lastActiveAt.getTime() + expiresAfter.days * DAY_MS) : null;
}

export function isExpired(store: SandboxVectorStore, now = new Date()): boolean {
  return store.expiresAt !== null && store.expiresAt.getTime() <= now.getTime();
}

/** A store of `project`; another project's store is not found. */
export async function requireVectorStore(project: string, id: string): Promise<SandboxVectorStore> {
  checkIdPrefix(id, "vector_store_id", "vs_");
  const prisma = await db();
  const store = await prisma.sandboxVectorStore.findUnique({ where: { id } });
  if (!store || store.project !== project) throw notFound(`No vector store found with id '${id}'.`, "vector_store_id");
  return store;
}

/** A store that can take files or answer searches: it exists and has not expired. */
export async function requireActiveVectorStore(project: string, id: string): Promise<SandboxVectorStore> {
  const store = await requireVectorStore(project, id);
  if (isExpired(store)) throw invalidRequest(`Vector store '${id}' has expired.`, "vector_store_id", "vector_store_expired");
  return store;
}

export async function requireVectorStoreFile(vectorStoreId: string, fileId: string): Promise<SandboxVectorStoreFile> {
  const prisma = await db();
  const row = await prisma.sandboxVectorStoreFile.findUnique({ where: { vectorStoreId_fileId: { vectorStoreId, fileId } } });
  if (!row) throw notFound(`No file found with id '${fileId}' in vector store '${vectorStoreId}'.`, "file_id");
  return row;
}

export async function requireBatch(vectorStoreId: string, batchId: string): Promise<SandboxFileBatch> {
  checkIdPrefix(batchId, "batch_id", "vsfb_");
  const prisma = await db();
  const batch = await prisma.sandboxFileBatch.findFirst({ where: { id: batchId, vectorStoreId } });
  if (!batch) throw notFound(`No file batch found with id '${batchId}' in vector store '${vectorStoreId}'.`, "batch_id");
  return batch;
}

function emptyCounts(): FileCounts {
  return { in_progress: 0, completed: 0, failed: 0, cancelled: 0, total: 0 };
}

/** File counts and usage of each store (or of each batch, keyed by batch id). */
export async function fileStats(key: "vectorStoreId" | "batchId", ids: string[]) {
  const stats = new Map<string, { counts: FileCounts; usageBytes: number }>();
  for (const id of ids) stats.set(id, { counts: emptyCounts(), usageBytes: 0 });
  if (!ids.length) return stats;
  const prisma = await db();
  const groups = await prisma.sandboxVectorStoreFile.groupBy({
    by: [key, "status"],
    where: { [key]: { in: ids } },
    _count: { _all: true },
    _sum: { usageBytes: true },
  });
  for (const group of groups) {
    const entry = stats.get(group[key] as string);
    if (!entry) continue;
    const status = group.status as FileStatus;
    if (status in entry.counts) entry.counts[status] += group._count._all;
    entry.counts.total += group._count._all;
    entry.usageBytes += Number(group._sum.usageBytes ?? 0);
  }
  return stats;
}

export async function vectorStoreObjects(rows: SandboxVectorStore[]) {
  const stats = await fileStats(
    "vectorStoreId",
    rows.map((r) => r.id),
  );
  const now = new Date();
  return rows.map((row) => {
    const { counts, usageBytes } = stats.get(row.id) ?? { counts: emptyCounts(), usageBytes: 0 };
    const status = isExpired(row, now) ? "expired" : counts.in_progress > 0 ? "in_progress" : "completed";
    return {
      id: row.id,
      object: "vector_store" as const,
      created_at: unixSeconds(row.createdAt),
      name: row.name,
      usage_bytes: usageBytes,
      file_counts: counts,
      status,
      // The schema has no null for expires_after: a store without a policy leaves it out.
      ...(row.expiresAfter ? { expires_after: row.expiresAfter as unknown as ExpiresAfter } : {}),
      expires_at: row.expiresAt ? unixSeconds(row.expiresAt) : null,
      last_active_at: unixSeconds(row.lastActiveAt),
      metadata: (row.metadata as Record<string, string> | null) ?? {},
    };
  });
}

export async function vectorStoreObject(row: SandboxVectorStore) {
  return (await vectorStoreObjects([row]))[0];
}

export function vectorStoreFileObject(row: SandboxVectorStoreFile) {
  return {
    id: row.fileId,
    object: "vector_store.file" as const,
    usage_bytes: Number(row.usageBytes),
    created_at: unixSeconds(row.createdAt),
    vector_store_id: row.vectorStoreId,
    status: row.status as FileStatus,
    last_error: (row.lastError as { code: "server_error" | "unsupported_file" | "invalid_file"; message: string } | null) ?? null,
    chunking_strategy: row.chunkingStrategy as unknown as StaticChunking,
    attributes: (row.attributes as Record<string, string | number | boolean> | null) ?? {},
  };
}

export async function batchObject(batch: SandboxFileBatch) {
  const { counts } = (await fileStats("batchId", [batch.id])).get(batch.id) ?? { counts: emptyCounts() };
  // A batch is done when none of its files is: cancelled if it was cancelled, else completed
  // (a batch whose files failed still completes, as the real API reports it).
  const status = counts.in_progress > 0 ? "in_progress" : batch.status === "cancelled" ? "cancelled" : "completed";
  return {
    id: batch.id,
    object: "vector_store.files_batch" as const,
    created_at: unixSeconds(batch.createdAt),
    vector_store_id: batch.vectorStoreId,
    status,
    file_counts: counts,
  };
}

export interface Attachment {
  fileId: string;
  attributes: Record<string, string | number | boolean> | null;
  chunking: StaticChunking;
}

/** Checks that every file exists in `project` before anything is attached; the first missing one is a 404. */
export async function requireFilesExist(project: string, fileIds: string[], param: string): Promise<void> {
  const prisma = await db();
  // An expired file is as gone as a deleted one (files/store.ts findFile agrees).
  const found = await prisma.sandboxFile.findMany({
    where: { project, id: { in: fileIds }, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] },
    select: { id: true },
  });
  const known = new Set(found.map((f) => f.id));
  const missing = fileIds.find((id) => !known.has(id));
  if (missing) throw notFound(`No file found with id '${missing}'.`, param);
}

/**
 * Attaches files (or re-attaches them: the file is ingested again with its new settings) and
 * queues them for ingestion. The row is written before its old chunks are deleted, so an
 * ingestion committing at the same moment either loses its lease or has its chunks removed.
 */
export async function attachFiles(tx: Tx, vectorStoreId: string, attachments: Attachment[], batchId: string | null = null): Promise<void> {
  for (const item of attachments) {
    const settings = {
      status: "in_progress",
      lastError: Prisma.DbNull,
      attributes: item.attributes ?? Prisma.DbNull,
      chunkingStrategy: item.chunking as unknown as Prisma.InputJsonObject,
      usageBytes: 0n,
      leaseUntil: null,
      batchId,
    };
    await tx.sandboxVectorStoreFile.upsert({
      where: { vectorStoreId_fileId: { vectorStoreId, fileId: item.fileId } },
      create: { vectorStoreId, fileId: item.fileId, ...settings },
      update: settings,
    });
  }
  await tx.sandboxChunk.deleteMany({ where: { vectorStoreId, fileId: { in: attachments.map((a) => a.fileId) } } });
}
