import "server-only";
import type { Route } from "../context";
import { invalidRequest } from "../errors";
import { listParams } from "../pagination";
import { createResponse } from "./create";
// Registers the worker that resumes background responses after a restart.
import "./resume";
import { stopRun } from "./execute";
import { pageInMemory } from "./page-in-memory";
import { sandboxUnsupported } from "./params";
import { deleteResponse, requireResponse, responseNotFound, updateResponse } from "./store";

const ID = "([^/]+)";

export const routes: Route[] = [
  { method: "POST", pattern: /^\/responses$/, handle: createResponse },
  {
    method: "GET",
    pattern: new RegExp(`^/responses/${ID}$`),
    handle: async ({ project, params: [id], url }) => {
      if (url.searchParams.get("stream") === "true") throw sandboxUnsupported("stream", "streaming a stored response again");
      return (await requireResponse(project, id)).body;
    },
  },
  {
    method: "DELETE",
    pattern: new RegExp(`^/responses/${ID}$`),
    handle: async ({ project, params: [id] }) => {
      // Another project's response is not found, and its run is not stopped.
      await requireResponse(project, id);
      stopRun(id);
      if (!(await deleteResponse(project, id))) throw responseNotFound(id);
      return { id, object: "response", deleted: true };
    },
  },
  {
    method: "POST",
    pattern: new RegExp(`^/responses/${ID}/cancel$`),
    handle: async ({ project, params: [id] }) => {
      const stored = await requireResponse(project, id);
      if (!stored.body.background) throw invalidRequest("Only responses created with background=true can be cancelled.");
      const { status } = stored.body;
      if (status === "cancelled") return stored.body;
      if (status !== "queued" && status !== "in_progress") throw invalidRequest(`Cannot cancel a response with status '${status}'.`);
      const cancelled = { ...stored.body, status: "cancelled" };
      if (!(await updateResponse(cancelled, ["queued", "in_progress"]))) return (await requireResponse(project, id)).body;
      stopRun(id);
      return cancelled;
    },
  },
  {
    method: "GET",
    pattern: new RegExp(`^/responses/${ID}/input_items$`),
    handle: async ({ project, params: [id], url }) => {
      const params = listParams(url, { order: "desc" });
      const stored = await requireResponse(project, id);
      return pageInMemory(stored.inputItems, params);
    },
  },
];
