import "server-only";
import type { Route } from "../context";
import { listParams } from "../pagination";
import { batchObject } from "./object";
import { cancelBatch, createBatch, listBatches, requireBatch } from "./store";
// Registers the worker that runs batches.
import "./runner";

const ID = "([^/]+)";

export const routes: Route[] = [
  { method: "POST", pattern: /^\/batches$/, handle: async (ctx) => createBatch(ctx.project, await ctx.json()) },
  {
    method: "GET",
    pattern: /^\/batches$/,
    handle: async ({ project, url }) => {
      // The batches list pages forwards only, newest first (no `order` or `before` in the API).
      const params = listParams(url, { order: "desc" });
      params.order = "desc";
      params.before = undefined;
      return listBatches(project, params);
    },
  },
  {
    method: "GET",
    pattern: new RegExp(`^/batches/${ID}$`),
    handle: async ({ project, params: [id] }) => batchObject(await requireBatch(project, id)),
  },
  { method: "POST", pattern: new RegExp(`^/batches/${ID}/cancel$`), handle: async ({ project, params: [id] }) => cancelBatch(project, id) },
];
