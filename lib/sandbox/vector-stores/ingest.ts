import "server-only";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { embed, toBytes } from "../embedding";
import { findFile } from "../files/store";
import { registerSandboxWorker } from "../workers";
import { chunkText, type StaticChunking } from "./chunking";
import { parseStoredFile } from "./parse";

// Ingestion of vector store files: claim one due file with a lease, parse, chunk and embed it,
// then write its chunks and its final status in one transaction. The lease value is the claim's
// token: the commit only happens while the row still carries it, so a worker whose lease ran out
// (and whose file another worker took over), or whose file was cancelled, deleted or attached
// again meanwhile, writes nothing. A crash before the commit leaves the file `in_progress` with
// no chunks; it is taken again once the lease has expired.

export const EMBEDDING_DIMENSIONS = 256;
export const LEASE_SECONDS = 60;

export interface Claim {
  vectorStoreId: string;
  fileId: string;
  /** The store's project: only a file of the same project is ingested. */
  project: string;
  leaseUntil: Date;
  chunkingStrategy: StaticChunking;
}

/**
 * Takes the oldest due file atomically: SKIP LOCKED lets concurrent claimers pass over each
 * other's row instead of queueing on it. Timestamps are UTC `timestamp(3)`, as Prisma keeps them.
 */
export async function claimDueFile(): Promise<Claim | null> {
  const prisma = await db();
  // The due row is picked in a MATERIALIZED CTE: as a subquery joined to the UPDATE it can be
  // re-scanned per row, and then one claim takes every due file.
  const rows = await prisma.$queryRaw<Claim[]>`
    WITH due AS MATERIALIZED (
      SELECT "vectorStoreId", "fileId" FROM "SandboxVectorStoreFile"
      WHERE "status" = 'in_progress' AND ("leaseUntil" IS NULL OR "leaseUntil" < now() AT TIME ZONE 'UTC')
      ORDER BY "createdAt", "fileId"
      LIMIT 1
      FOR UPDATE SKIP LOCKED
    )
    UPDATE "SandboxVectorStoreFile" AS f
    SET "leaseUntil" = (now() AT TIME ZONE 'UTC') + make_interval(secs => ${LEASE_SECONDS})
    FROM due
    WHERE f."vectorStoreId" = due."vectorStoreId" AND f."fileId" = due."fileId"
    RETURNING f."vectorStoreId", f."fileId", f."leaseUntil", f."chunkingStrategy",
      (SELECT s."project" FROM "SandboxVectorStore" AS s WHERE s."id" = f."vectorStoreId") AS "project"`;
  if (rows.length > 1) throw new Error(`claimed ${rows.length} files at once`);
  return rows[0] ?? null;
}

type Outcome =
  | { status: "completed"; chunks: { position: number; text: string; tokens: number; embedding: Uint8Array<ArrayBuffer> }[] }
  | { status: "failed"; code: "unsupported_file" | "invalid_file"; message: string }
  | { status: "lost" };

// Embedding is CPU work on the event loop; yielding now and then keeps the server answering.
const YIELD_EVERY = 32;

/**
 * Extends a lease past its half-life, so a large file is not taken over while still being
 * worked on. Returns false when the lease is no longer this worker's. The claim's token moves on.
 */
async function keepLease(claim: Claim): Promise<boolean> {
  if (claim.leaseUntil.getTime() - Date.now() > (LEASE_SECONDS * 1000) / 2) return true;
  const prisma = await db();
  const rows = await prisma.$queryRaw<{ leaseUntil: Date }[]>`
    UPDATE "SandboxVectorStoreFile"
    SET "leaseUntil" = (now() AT TIME ZONE 'UTC') + make_interval(secs => ${LEASE_SECONDS})
    WHERE "vectorStoreId" = ${claim.vectorStoreId} AND "fileId" = ${claim.fileId}
      AND "status" = 'in_progress' AND "leaseUntil" = ${claim.leaseUntil}
    RETURNING "leaseUntil"`;
  if (!rows.length) return false;
  claim.leaseUntil = rows[0].leaseUntil;
  return true;
}

async function indexFile(claim: Claim): Promise<Outcome> {
  const file = await findFile(claim.project, claim.fileId);
  if (!file)
    return { status: "failed", code: "invalid_file", message: `The file '${claim.fileId}' was deleted before it could be indexed.` };
  const parsed = await parseStoredFile(file);
  if (!parsed.ok) return { status: "failed", code: parsed.code, message: parsed.message };
  const chunks = [];
  for (const chunk of chunkText(parsed.text, claim.chunkingStrategy)) {
    if (chunk.position % YIELD_EVERY === YIELD_EVERY - 1) {
      await new Promise((resolve) => setImmediate(resolve));
      if (!(await keepLease(claim))) return { status: "lost" };
    }
    chunks.push({ ...chunk, embedding: toBytes(embed(chunk.text, EMBEDDING_DIMENSIONS)) });
  }
  return { status: "completed", chunks };
}

/** Ingests a claimed file; returns false when the claim was lost before the commit. */
export async function ingestClaimed(claim: Claim): Promise<boolean> {
  const outcome = await indexFile(claim);
  if (outcome.status === "lost") return false;
  const prisma = await db();
  const held = { vectorStoreId: claim.vectorStoreId, fileId: claim.fileId, status: "in_progress", leaseUntil: claim.leaseUntil };
  if (outcome.status === "failed") {
    const { count } = await prisma.sandboxVectorStoreFile.updateMany({
      where: held,
      data: { status: "failed", lastError: { code: outcome.code, message: outcome.message }, leaseUntil: null },
    });
    return count === 1;
  }
  const usageBytes = outcome.chunks.reduce((sum, c) => sum + Buffer.byteLength(c.text) + c.embedding.byteLength, 0);
  return prisma.$transaction(async (tx) => {
    // The status update comes first: it locks the row, so a concurrent delete or re-attach waits
    // for this commit and then removes these chunks, or has already won and this matches nothing.
    const { count } = await tx.sandboxVectorStoreFile.updateMany({
      where: held,
      data: { status: "completed", usageBytes: BigInt(usageBytes), lastError: Prisma.DbNull, leaseUntil: null },
    });
    if (count !== 1) return false;
    await tx.sandboxChunk.createMany({
      data: outcome.chunks.map((c) => ({ vectorStoreId: claim.vectorStoreId, fileId: claim.fileId, ...c })),
    });
    return true;
  });
}

export async function ingestNextFile(): Promise<boolean> {
  const claim = await claimDueFile();
  if (!claim) return false;
  await ingestClaimed(claim);
  return true;
}

registerSandboxWorker({ name: "vector-store-ingestion", tick: ingestNextFile });
