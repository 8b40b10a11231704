import "server-only";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Route } from "../context";
import { invalidRequest, missingParameter, notFound } from "../errors";
import { findFile } from "../files/store";
import { listPage, listParams } from "../pagination";
import { chunkingStrategy } from "./chunking";
import { cursorOf, filePageQuery } from "./list";
import { parseStoredFile } from "./parse";
import {
  attachFiles,
  FILE_STATUSES,
  requireActiveVectorStore,
  requireFilesExist,
  requireVectorStore,
  requireVectorStoreFile,
  vectorStoreFileObject,
} from "./store";
import { attributes, rejectUnknown, requireString } from "./validate";

// /vector_stores/{id}/files: attach, list, retrieve, update attributes, detach, parsed content.

/** A page of a store's files, optionally of one batch and one status (`filter`). */
export async function listStoreFiles(url: URL, where: { vectorStoreId: string; batchId?: string }) {
  const params = listParams(url);
  const filter = url.searchParams.get("filter");
  if (filter !== null && !(FILE_STATUSES as readonly string[]).includes(filter)) {
    throw invalidRequest(
      `Invalid value: '${filter}'. Supported values are: ${FILE_STATUSES.map((s) => `'${s}'`).join(", ")}.`,
      "filter",
      "invalid_value",
    );
  }
  const prisma = await db();
  const from = cursorOf(params);
  const cursor = from
    ? await prisma.sandboxVectorStoreFile.findFirst({ where: { ...where, fileId: from.id }, select: { fileId: true, createdAt: true } })
    : null;
  if (from && !cursor) throw invalidRequest(`No file found with id '${from.id}' in vector store '${where.vectorStoreId}'.`, from.param);
  const query = filePageQuery(params, cursor);
  const rows = await prisma.sandboxVectorStoreFile.findMany({
    where: { ...where, ...(filter ? { status: filter } : {}), ...query.where },
    orderBy: query.orderBy,
    take: query.take,
  });
  return listPage(rows.map(vectorStoreFileObject), params, query.reverse);
}

export const fileRoutes: Route[] = [
  {
    method: "POST",
    pattern: /^\/vector_stores\/([^/]+)\/files$/,
    handle: async (ctx) => {
      const store = await requireActiveVectorStore(ctx.project, ctx.params[0]);
      const body = await ctx.json();
      rejectUnknown(body, ["file_id", "attributes", "chunking_strategy"]);
      const fileId = requireString(body, "file_id");
      const attachment = {
        fileId,
        attributes: body.attributes === undefined ? null : attributes(body.attributes),
        chunking: chunkingStrategy(body.chunking_strategy),
      };
      await requireFilesExist(ctx.project, [fileId], "file_id");
      const prisma = await db();
      await prisma.$transaction((tx) => attachFiles(tx, store.id, [attachment]));
      return vectorStoreFileObject(await requireVectorStoreFile(store.id, fileId));
    },
  },
  {
    method: "GET",
    pattern: /^\/vector_stores\/([^/]+)\/files$/,
    handle: async ({ project, params: [id], url }) => {
      await requireVectorStore(project, id);
      return listStoreFiles(url, { vectorStoreId: id });
    },
  },
  {
    method: "GET",
    pattern: /^\/vector_stores\/([^/]+)\/files\/([^/]+)$/,
    handle: async ({ project, params: [id, fileId] }) => {
      await requireVectorStore(project, id);
      return vectorStoreFileObject(await requireVectorStoreFile(id, fileId));
    },
  },
  {
    method: "POST",
    pattern: /^\/vector_stores\/([^/]+)\/files\/([^/]+)$/,
    handle: async (ctx) => {
      const [id, fileId] = ctx.params;
      await requireVectorStore(ctx.project, id);
      await requireVectorStoreFile(id, fileId);
      const body = await ctx.json();
      rejectUnknown(body, ["attributes"]);
      if (body.attributes === undefined) throw missingParameter("attributes");
      const value = attributes(body.attributes);
      const prisma = await db();
      const updated = await prisma.sandboxVectorStoreFile.update({
        where: { vectorStoreId_fileId: { vectorStoreId: id, fileId } },
        data: { attributes: value ?? Prisma.DbNull },
      });
      return vectorStoreFileObject(updated);
    },
  },
  {
    method: "DELETE",
    pattern: /^\/vector_stores\/([^/]+)\/files\/([^/]+)$/,
    handle: async ({ project, params: [id, fileId] }) => {
      await requireVectorStore(project, id);
      const prisma = await db();
      const removed = await prisma.$transaction(async (tx) => {
        // Row first, then chunks: see ingest.ts for why this order leaves no chunk behind.
        const { count } = await tx.sandboxVectorStoreFile.deleteMany({ where: { vectorStoreId: id, fileId } });
        await tx.sandboxChunk.deleteMany({ where: { vectorStoreId: id, fileId } });
        return count;
      });
      if (!removed) throw notFound(`No file found with id '${fileId}' in vector store '${id}'.`, "file_id");
      return { id: fileId, object: "vector_store.file.deleted", deleted: true };
    },
  },
  {
    method: "GET",
    pattern: /^\/vector_stores\/([^/]+)\/files\/([^/]+)\/content$/,
    handle: async ({ project, params: [id, fileId] }) => {
      await requireVectorStore(project, id);
      const row = await requireVectorStoreFile(id, fileId);
      const page = {
        object: "vector_store.file_content.page",
        data: [] as { type: "text"; text: string }[],
        has_more: false,
        next_page: null,
      };
      if (row.status !== "completed") return page;
      const file = await findFile(project, fileId);
      const parsed = file ? await parseStoredFile(file) : undefined;
      if (parsed?.ok) {
        page.data.push({ type: "text", text: parsed.text });
        return page;
      }
      // The file was deleted (or changed) after indexing: what is left is its chunks.
      const prisma = await db();
      const chunks = await prisma.sandboxChunk.findMany({ where: { vectorStoreId: id, fileId }, orderBy: { position: "asc" } });
      for (const chunk of chunks) page.data.push({ type: "text", text: chunk.text });
      return page;
    },
  },
];
