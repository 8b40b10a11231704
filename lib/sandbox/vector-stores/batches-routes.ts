import "server-only";
import { db } from "@/lib/db/client";
import type { Route } from "../context";
import { invalidRequest } from "../errors";
import { newId } from "../ids";
import { chunkingStrategy } from "./chunking";
import { listStoreFiles } from "./files-routes";
import {
  type Attachment,
  attachFiles,
  batchObject,
  requireActiveVectorStore,
  requireBatch,
  requireFilesExist,
  requireVectorStore,
} from "./store";
import { arrayOf, attributes, type Json, rejectUnknown, requireObject, requireString, stringArray } from "./validate";

// /vector_stores/{id}/file_batches: create, retrieve, cancel, list the batch's files.

const MAX_BATCH = 2000;

function batchAttachments(body: Json): { attachments: Attachment[]; param: string } {
  rejectUnknown(body, ["file_ids", "files", "attributes", "chunking_strategy"]);
  if (body.file_ids !== undefined && body.files !== undefined) {
    throw invalidRequest("'file_ids' and 'files' are mutually exclusive: provide one of them.", "files", "invalid_value");
  }
  if (body.file_ids === undefined && body.files === undefined) {
    throw invalidRequest(
      "Missing required parameter: either 'file_ids' or 'files' must be provided.",
      "file_ids",
      "missing_required_parameter",
    );
  }
  const byFile = new Map<string, Attachment>();
  if (body.file_ids !== undefined) {
    const shared = {
      attributes: body.attributes === undefined ? null : attributes(body.attributes),
      chunking: chunkingStrategy(body.chunking_strategy),
    };
    for (const fileId of stringArray(body.file_ids, "file_ids", { min: 1, max: MAX_BATCH })) byFile.set(fileId, { fileId, ...shared });
    return { attachments: [...byFile.values()], param: "file_ids" };
  }
  // With `files`, each entry carries its own settings and the top-level ones are ignored.
  arrayOf(body.files, "files", { min: 1, max: MAX_BATCH }).forEach((value, index) => {
    const param = `files[${index}]`;
    const entry = requireObject(value, param);
    rejectUnknown(entry, ["file_id", "attributes", "chunking_strategy"], `${param}.`);
    const fileId = requireString(entry, "file_id", `${param}.file_id`);
    byFile.set(fileId, {
      fileId,
      attributes: entry.attributes === undefined ? null : attributes(entry.attributes, `${param}.attributes`),
      chunking: chunkingStrategy(entry.chunking_strategy, `${param}.chunking_strategy`),
    });
  });
  return { attachments: [...byFile.values()], param: "files" };
}

export const batchRoutes: Route[] = [
  {
    method: "POST",
    pattern: /^\/vector_stores\/([^/]+)\/file_batches$/,
    handle: async (ctx) => {
      const store = await requireActiveVectorStore(ctx.project, ctx.params[0]);
      const { attachments, param } = batchAttachments(await ctx.json());
      await requireFilesExist(
        ctx.project,
        attachments.map((a) => a.fileId),
        param,
      );
      const prisma = await db();
      const batch = await prisma.$transaction(async (tx) => {
        const created = await tx.sandboxFileBatch.create({ data: { id: newId.fileBatch(), vectorStoreId: store.id } });
        await attachFiles(tx, store.id, attachments, created.id);
        return created;
      });
      return batchObject(batch);
    },
  },
  {
    method: "GET",
    pattern: /^\/vector_stores\/([^/]+)\/file_batches\/([^/]+)$/,
    handle: async ({ project, params: [id, batchId] }) => {
      await requireVectorStore(project, id);
      return batchObject(await requireBatch(id, batchId));
    },
  },
  {
    method: "POST",
    pattern: /^\/vector_stores\/([^/]+)\/file_batches\/([^/]+)\/cancel$/,
    handle: async ({ project, params: [id, batchId] }) => {
      await requireVectorStore(project, id);
      const batch = await requireBatch(id, batchId);
      const current = await batchObject(batch);
      if (current.status !== "in_progress") {
        throw invalidRequest(`Cannot cancel a vector store file batch with status '${current.status}'.`, "batch_id", "invalid_value");
      }
      const prisma = await db();
      // Files still waiting or being ingested are cancelled; an ingestion holding a lease on one
      // finds it no longer in progress at its commit and writes nothing.
      const cancelled = await prisma.$transaction(async (tx) => {
        await tx.sandboxVectorStoreFile.updateMany({
          where: { vectorStoreId: id, batchId, status: "in_progress" },
          data: { status: "cancelled", leaseUntil: null },
        });
        return tx.sandboxFileBatch.update({ where: { id: batchId }, data: { status: "cancelled" } });
      });
      return batchObject(cancelled);
    },
  },
  {
    method: "GET",
    pattern: /^\/vector_stores\/([^/]+)\/file_batches\/([^/]+)\/files$/,
    handle: async ({ project, params: [id, batchId], url }) => {
      await requireVectorStore(project, id);
      await requireBatch(id, batchId);
      return listStoreFiles(url, { vectorStoreId: id, batchId });
    },
  },
];
