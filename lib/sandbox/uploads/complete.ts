import "server-only";
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { db } from "@/lib/db/client";
import { readBlobStream } from "../blobs";
import { invalidRequest, missingParameter } from "../errors";
import { JSONL_PURPOSES, JsonlValidator, jsonlError } from "../files/jsonl";
import { fileExpiry } from "../files/params";
import { discardFileContent, recordFile, writeFileContent } from "../files/store";
import { notPending, reloadUpload, removeParts, requirePendingUpload, uploadObject } from "./store";

function partIdsFrom(body: Record<string, unknown>): string[] {
  const partIds = body.part_ids;
  if (partIds === undefined || partIds === null) throw missingParameter("part_ids");
  if (!Array.isArray(partIds) || partIds.some((id) => typeof id !== "string")) {
    throw invalidRequest(
      `Invalid type for 'part_ids': expected an array of strings, but got ${JSON.stringify(partIds).slice(0, 100)} instead.`,
      "part_ids",
      "invalid_type",
    );
  }
  return partIds;
}

/**
 * POST /uploads/{id}/complete: checks the listed parts against the declared size, streams them in
 * order into a new file blob (checking md5 and, for batch and fine-tune, JSONL on the way), then
 * records the file and completes the upload in one transaction. Any failure before that commit
 * removes the new blob and leaves the upload pending, so the client can fix and retry.
 */
export async function completeUpload(project: string, id: string, body: Record<string, unknown>) {
  const partIds = partIdsFrom(body);
  const md5 = body.md5;
  if (md5 !== undefined && typeof md5 !== "string") {
    throw invalidRequest(`Invalid type for 'md5': expected a string, but got ${typeof md5} instead.`, "md5", "invalid_type");
  }
  const upload = await requirePendingUpload(project, id, "complete");
  const prisma = await db();
  const stored = new Map((await prisma.sandboxUploadPart.findMany({ where: { uploadId: id } })).map((part) => [part.id, part]));
  const seen = new Set<string>();
  const parts: { id: string; bytes: bigint }[] = [];
  for (const partId of partIds) {
    if (seen.has(partId)) throw invalidRequest(`Part ${partId} is listed more than once in 'part_ids'.`, "part_ids");
    seen.add(partId);
    const part = stored.get(partId);
    if (!part) throw invalidRequest(`No such Part in Upload ${id}: ${partId}`, "part_ids");
    parts.push(part);
  }
  const total = parts.reduce((sum, part) => sum + Number(part.bytes), 0);
  if (total !== Number(upload.bytes)) {
    throw invalidRequest(
      `The number of bytes in the listed Parts (${total}) does not match the number of bytes declared when the Upload was created (${upload.bytes}).`,
      "part_ids",
    );
  }

  const hash = typeof md5 === "string" ? createHash("md5") : null;
  const validator = JSONL_PURPOSES.has(upload.purpose) ? new JsonlValidator() : null;
  async function* assembled() {
    for (const part of parts) {
      for await (const chunk of readBlobStream("upload-parts", part.id)) {
        hash?.update(chunk);
        validator?.push(chunk);
        yield chunk as Buffer;
      }
    }
  }
  let fileId: string;
  try {
    fileId = (await writeFileContent(Readable.from(assembled(), { objectMode: false }))).id;
  } catch (error) {
    // A part's blob vanishing mid-read means the upload was cancelled or expired meanwhile.
    const now = await reloadUpload(id);
    if (now.status !== "pending") throw notPending(now, "complete");
    throw error;
  }

  let outcome: Awaited<ReturnType<typeof finish>>;
  try {
    if (hash && typeof md5 === "string" && hash.digest("hex") !== md5.toLowerCase()) {
      throw invalidRequest("The md5 checksum of the uploaded Parts does not match the 'md5' given.", "md5");
    }
    const problem = validator?.end();
    if (problem) throw jsonlError(problem);
    outcome = await finish(id, fileId, total);
  } catch (error) {
    await discardFileContent(fileId);
    throw error;
  }
  if (!outcome) throw notPending(await reloadUpload(id), "complete");
  // Committed: the parts have served (listed or not), so their rows and blobs go.
  await removeParts(id);
  return uploadObject(outcome.upload, outcome.file);
}

async function finish(id: string, fileId: string, bytes: number) {
  const prisma = await db();
  const createdAt = new Date();
  const result = await prisma.$transaction(async (tx) => {
    // Only a pending, unexpired upload completes; the row lock orders us after any part insert.
    const { count } = await tx.sandboxUpload.updateMany({
      where: { id, status: "pending", expiresAt: { gt: createdAt } },
      data: { status: "completed", fileId },
    });
    if (count === 0) return null;
    const upload = await tx.sandboxUpload.findUniqueOrThrow({ where: { id } });
    const file = await recordFile(
      {
        id: fileId,
        project: upload.project,
        purpose: upload.purpose,
        filename: upload.filename,
        bytes,
        createdAt,
        expiresAt: fileExpiry(upload.purpose, upload.fileExpiresAfterSeconds, createdAt),
      },
      tx,
    );
    return { upload, file };
  });
  if (!result) await discardFileContent(fileId);
  return result;
}
