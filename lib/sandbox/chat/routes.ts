import "server-only";
import type { Route } from "../context";
import { listParams } from "../pagination";
import { pageInMemory } from "../responses/page-in-memory";
import { checkMetadata, required } from "../responses/params";
import { createChatCompletion } from "./create";
import { deleteCompletion, listCompletions, requireCompletion, updateCompletionMetadata } from "./store";

const ID = "([^/]+)";

export const routes: Route[] = [
  { method: "POST", pattern: /^\/chat\/completions$/, handle: createChatCompletion },
  {
    method: "GET",
    pattern: /^\/chat\/completions$/,
    handle: async ({ project, url }) => {
      const params = listParams(url, { order: "asc" });
      // The SDKs send metadata filters as metadata[key]=value.
      const metadata: [string, string][] = [];
      for (const [name, value] of url.searchParams) {
        const key = name.match(/^metadata\[(.+)\]$/)?.[1];
        if (key) metadata.push([key, value]);
      }
      return listCompletions(project, params, { model: url.searchParams.get("model") ?? undefined, metadata });
    },
  },
  {
    method: "GET",
    pattern: new RegExp(`^/chat/completions/${ID}$`),
    handle: async ({ project, params: [id] }) => (await requireCompletion(project, id)).body,
  },
  {
    method: "POST",
    pattern: new RegExp(`^/chat/completions/${ID}$`),
    handle: async ({ project, params: [id], json }) => {
      const body = await json();
      required(body, "metadata", "object");
      return updateCompletionMetadata(project, id, checkMetadata(body.metadata) ?? {});
    },
  },
  {
    method: "DELETE",
    pattern: new RegExp(`^/chat/completions/${ID}$`),
    handle: async ({ project, params: [id] }) => {
      await deleteCompletion(project, id);
      return { object: "chat.completion.deleted", id, deleted: true };
    },
  },
  {
    method: "GET",
    pattern: new RegExp(`^/chat/completions/${ID}/messages$`),
    handle: async ({ project, params: [id], url }) => {
      const params = listParams(url, { order: "asc" });
      return pageInMemory((await requireCompletion(project, id)).messages, params);
    },
  },
];
