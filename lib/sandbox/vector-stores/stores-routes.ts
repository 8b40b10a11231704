import "server-only";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Route } from "../context";
import { invalidRequest } from "../errors";
import { newId } from "../ids";
import { listPage, listParams, pageQuery } from "../pagination";
import { chunkingStrategy } from "./chunking";
import { cursorOf } from "./list";
import {
  attachFiles,
  expiresAtFor,
  isExpired,
  requireFilesExist,
  requireVectorStore,
  vectorStoreObject,
  vectorStoreObjects,
} from "./store";
import { expiresAfter, metadata, optionalString, rejectUnknown, stringArray } from "./validate";

// /vector_stores: create, list, retrieve, modify, delete.

const NAME_MAX = 256;
const DESCRIPTION_MAX = 512;

export const storeRoutes: Route[] = [
  {
    method: "POST",
    pattern: /^\/vector_stores$/,
    handle: async (ctx) => {
      const body = await ctx.json();
      rejectUnknown(body, ["file_ids", "name", "description", "expires_after", "chunking_strategy", "metadata"]);
      const name = optionalString(body, "name", NAME_MAX) ?? "";
      // Accepted as the API does; the sandbox keeps no description (its table has no column).
      optionalString(body, "description", DESCRIPTION_MAX);
      const fileIds = body.file_ids === undefined ? [] : [...new Set(stringArray(body.file_ids, "file_ids", { min: 0, max: 500 }))];
      const expiry = body.expires_after === undefined || body.expires_after === null ? null : expiresAfter(body.expires_after);
      const chunking = chunkingStrategy(body.chunking_strategy);
      const meta = body.metadata === undefined ? null : metadata(body.metadata);
      if (fileIds.length) await requireFilesExist(ctx.project, fileIds, "file_ids");
      const prisma = await db();
      const now = new Date();
      const store = await prisma.$transaction(async (tx) => {
        const created = await tx.sandboxVectorStore.create({
          data: {
            id: newId.vectorStore(),
            project: ctx.project,
            name,
            metadata: meta ?? Prisma.DbNull,
            expiresAfter: expiry ? { ...expiry } : Prisma.DbNull,
            expiresAt: expiresAtFor(expiry, now),
            lastActiveAt: now,
            createdAt: now,
          },
        });
        const attachments = fileIds.map((fileId) => ({ fileId, attributes: null, chunking }));
        await attachFiles(tx, created.id, attachments);
        return created;
      });
      return vectorStoreObject(store);
    },
  },
  {
    method: "GET",
    pattern: /^\/vector_stores$/,
    handle: async ({ project, url }) => {
      const params = listParams(url);
      const prisma = await db();
      const from = cursorOf(params);
      const cursor = from
        ? await prisma.sandboxVectorStore.findFirst({ where: { id: from.id, project }, select: { id: true, createdAt: true } })
        : null;
      // An unknown cursor is an error rather than an empty page, as files/ answers it too.
      if (from && !cursor) throw invalidRequest(`No vector store found with id '${from.id}'.`, from.param);
      const query = pageQuery(params, cursor);
      const rows = await prisma.sandboxVectorStore.findMany({
        where: { AND: [{ project }, query.where] },
        orderBy: [...query.orderBy],
        take: query.take,
      });
      const page = listPage(rows, params, query.reverse);
      return { ...page, data: await vectorStoreObjects(page.data) };
    },
  },
  {
    method: "GET",
    pattern: /^\/vector_stores\/([^/]+)$/,
    handle: async ({ project, params: [id] }) => vectorStoreObject(await requireVectorStore(project, id)),
  },
  {
    method: "POST",
    pattern: /^\/vector_stores\/([^/]+)$/,
    handle: async (ctx) => {
      const store = await requireVectorStore(ctx.project, ctx.params[0]);
      const body = await ctx.json();
      rejectUnknown(body, ["name", "expires_after", "metadata"]);
      const data: Prisma.SandboxVectorStoreUpdateInput = {};
      if (body.name !== undefined && body.name !== null) data.name = optionalString(body, "name", NAME_MAX);
      if (body.expires_after === null) {
        data.expiresAfter = Prisma.DbNull;
        data.expiresAt = null;
      } else if (body.expires_after !== undefined) {
        const expiry = expiresAfter(body.expires_after);
        data.expiresAfter = { ...expiry };
        // An expired store stays expired: a new policy applies from its next activity, which an
        // expired store can no longer have.
        if (!isExpired(store)) data.expiresAt = expiresAtFor(expiry, store.lastActiveAt);
      }
      if (body.metadata !== undefined) data.metadata = metadata(body.metadata) ?? Prisma.DbNull;
      const prisma = await db();
      const updated = await prisma.sandboxVectorStore.update({ where: { id: store.id }, data });
      return vectorStoreObject(updated);
    },
  },
  {
    method: "DELETE",
    pattern: /^\/vector_stores\/([^/]+)$/,
    handle: async ({ project, params: [id] }) => {
      await requireVectorStore(project, id);
      const prisma = await db();
      await prisma.$transaction(async (tx) => {
        // The store goes first (its files and batches with it, locking the file rows), then the
        // chunks: an ingestion committing concurrently either finds no row or is waited for.
        await tx.sandboxVectorStore.deleteMany({ where: { id } });
        await tx.sandboxChunk.deleteMany({ where: { vectorStoreId: id } });
      });
      return { id, object: "vector_store.deleted", deleted: true };
    },
  },
];
