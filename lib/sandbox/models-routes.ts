import "server-only";
import type { Route } from "./context";
import { modelNotFound } from "./errors";
import { findModel, listModels, modelObject } from "./models";

export const routes: Route[] = [
  {
    method: "GET",
    pattern: /^\/models$/,
    handle: async () => ({ object: "list", data: (await listModels()).map(modelObject) }),
  },
  {
    method: "GET",
    pattern: /^\/models\/(.+)$/,
    handle: async ({ params: [id] }) => {
      const model = await findModel(id);
      if (!model) throw modelNotFound(id);
      return modelObject(model);
    },
  },
];
