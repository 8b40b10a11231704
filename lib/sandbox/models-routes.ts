import "server-only";
import type { Route } from "./context";
import { modelNotFound } from "./errors";
import { findModel, listModels, modelObject } from "./models";

export const routes: Route[] = [
  {
    method: "GET",
    pattern: /^\/models$/,
    handle: async (ctx) => ({ object: "list", data: (await listModels(ctx.project)).map(modelObject) }),
  },
  {
    method: "GET",
    pattern: /^\/models\/(.+)$/,
    handle: async ({ params: [id], project }) => {
      const model = await findModel(id, project);
      if (!model) throw modelNotFound(id);
      return modelObject(model);
    },
  },
];
