import "server-only";
import { Readable } from "node:stream";
import type { ProjectPermission } from "@/lib/auth/permissions";
import { requireProjectAccess } from "@/lib/auth/project-access";
import { userFromRequest } from "@/lib/auth/session";
import { AppError } from "@/lib/http/errors";
import { assertSameOrigin } from "@/lib/http/handler";
import { type ForwardOptions, forwardToUpstream } from "./forward";
import { type ForwardedReply, OpenAIShapedError } from "./openai-error";

// The console's door to the upstream: /api/projects/{projectId}/openai/v1/{path}. The browser's
// openai SDK calls it with the session cookie as its only credential; the role the method needs is
// checked here, then the forwarding core does the rest. Served on the custom server's lean path
// (server.ts) and also as a route handler (app/api/projects/[projectId]/openai/v1/[...path]).

const PROXY_PATH = /^\/api\/projects\/([^/]+)\/openai\/v1(\/.*)?$/;
// An API path: words, ids (ft: model names carry colons), no dot segments or doubled slashes.
const API_PATH = /^(\/[A-Za-z0-9_\-.:~%]+)+$/;
const READ_METHODS = new Set(["GET", "HEAD"]);

export function isConsoleProxyPath(pathname: string): boolean {
  return PROXY_PATH.test(pathname);
}

/** The role a call needs: viewers read; creating, changing and deleting needs a member. */
export function proxyPermission(method: string): ProjectPermission {
  return READ_METHODS.has(method) ? "project.api.read" : "project.api.write";
}

function checkPath(path: string): void {
  if (!API_PATH.test(path) || path.split("/").some((segment) => segment === "." || segment === "..")) {
    throw new OpenAIShapedError(400, { message: `Not an API path: ${path.slice(0, 100)}`, type: "invalid_request_error" });
  }
  if (path === "/organization" || path.startsWith("/organization/")) {
    // The organization's admin API uses the admin key and has its own pages for instance admins.
    throw new OpenAIShapedError(403, {
      message: "The organization admin API is not available through the project proxy",
      type: "invalid_request_error",
      code: "forbidden",
    });
  }
}

function toOpenAIError(error: AppError): OpenAIShapedError {
  return new OpenAIShapedError(error.status, { message: error.message, type: "invalid_request_error", code: error.code });
}

function toResponse(reply: ForwardedReply): Response {
  const empty = reply.status === 204 || reply.status === 304;
  if (empty) reply.body.resume();
  const body = empty ? null : (Readable.toWeb(reply.body) as ReadableStream<Uint8Array>);
  return new Response(body, { status: reply.status, headers: { ...reply.headers, "cache-control": "no-store" } });
}

function errorResponse(error: OpenAIShapedError): Response {
  return Response.json(
    {
      error: { message: error.fields.message, type: error.fields.type, param: error.fields.param ?? null, code: error.fields.code ?? null },
    },
    { status: error.status, headers: { ...error.headers, "cache-control": "no-store" } },
  );
}

export function createConsoleProxy(options: ForwardOptions = {}) {
  return async function consoleProxy(request: Request): Promise<Response> {
    try {
      const url = new URL(request.url);
      const match = PROXY_PATH.exec(url.pathname);
      if (!match) throw new OpenAIShapedError(404, { message: "Not found", type: "invalid_request_error" });
      const projectId = decodeURIComponent(match[1]);
      const path = match[2] ?? "/";
      const user = await userFromRequest(request);
      if (!user) throw new AppError("unauthorized", "Sign in to continue");
      assertSameOrigin(request);
      checkPath(path);
      await requireProjectAccess(user, projectId, proxyPermission(request.method));
      const reply = await forwardToUpstream(
        {
          projectId,
          caller: { source: "console", userId: user.id, apiKeyId: null },
          method: request.method,
          path,
          search: url.search.slice(1),
          headers: request.headers,
          body: request.body ? Readable.fromWeb(request.body as import("node:stream/web").ReadableStream<Uint8Array>) : null,
          signal: request.signal,
        },
        options,
      );
      return toResponse(reply);
    } catch (error) {
      if (error instanceof OpenAIShapedError) return errorResponse(error);
      if (error instanceof AppError) return errorResponse(toOpenAIError(error));
      console.error("[proxy] unexpected error:", error instanceof Error ? error.message : error);
      return errorResponse(new OpenAIShapedError(500, { message: "Something went wrong on the server", type: "api_error" }));
    }
  };
}

export const consoleProxy = createConsoleProxy();
