import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Readable } from "node:stream";
import type { ProjectPermission } from "@/lib/auth/permissions";
import { decideProjectAccess } from "@/lib/auth/project-access";
import { decodeSessionToken, readCookie, sessionCookieName, sessionUserFrom } from "@/lib/auth/session";
import { AppError } from "@/lib/http/errors";
import { assertSameOrigin } from "@/lib/http/handler";
import { webHeaders } from "@/lib/http/node-adapter";
import type { CallSignal } from "./call-signal";
import { type ForwardOptions, forwardToUpstream } from "./forward";
import { type ForwardedReply, OpenAIShapedError } from "./openai-error";
import { loadProxyContext } from "./proxy-context";
import { nodeBody, replyToNode, replyToWeb } from "./reply";
import { NoConnectionError, targetFor } from "./target";

// The console's door to the upstream: /api/projects/{projectId}/openai/v1/{path}. The browser's
// openai SDK calls it with the session cookie as its only credential; the role the method needs is
// checked here, then the forwarding core does the rest. `npm start` serves it on the custom
// server's lean path straight from Node streams (serveConsoleProxy); the route handler
// (consoleProxy, app/api/projects/[projectId]/openai/v1/[...path]) serves it under `next dev`.

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

interface ProxyCall {
  /** Method, URL and headers; no body (the checks never read it). */
  request: Request;
  body: Readable | null;
  signal: CallSignal;
}

async function proxy(call: ProxyCall, options: ForwardOptions): Promise<ForwardedReply> {
  const { request } = call;
  const url = new URL(request.url);
  const match = PROXY_PATH.exec(url.pathname);
  if (!match) throw new OpenAIShapedError(404, { message: "Not found", type: "invalid_request_error" });
  const projectId = decodeURIComponent(match[1]);
  const path = match[2] ?? "/";
  const claims = await decodeSessionToken(readCookie(request.headers.get("cookie"), sessionCookieName()));
  const context = claims ? await loadProxyContext(claims.sub, projectId) : null;
  const user = claims && context ? sessionUserFrom(context.user, claims) : null;
  if (!user || !context) throw new AppError("unauthorized", "Sign in to continue");
  assertSameOrigin(request);
  checkPath(path);
  if (!context.project) throw new AppError("not_found", "Project not found");
  decideProjectAccess(user, context.project, context.membershipRole, proxyPermission(request.method));
  let target = options.target;
  if (!target) {
    if (!context.connection) {
      throw new OpenAIShapedError(409, { message: new NoConnectionError().message, type: "invalid_request_error", code: "no_connection" });
    }
    target = targetFor(context.connection, { dispatcher: options.dispatcher });
  }
  return forwardToUpstream(
    {
      projectId,
      caller: { source: "console", userId: user.id, apiKeyId: null },
      method: request.method,
      path,
      search: url.search.slice(1),
      headers: request.headers,
      body: call.body,
      signal: call.signal,
    },
    { ...options, target },
  );
}

function failure(error: unknown): OpenAIShapedError {
  if (error instanceof OpenAIShapedError) return error;
  if (error instanceof AppError)
    return new OpenAIShapedError(error.status, { message: error.message, type: "invalid_request_error", code: error.code });
  console.error("[proxy] unexpected error:", error instanceof Error ? error.message : error);
  return new OpenAIShapedError(500, { message: "Something went wrong on the server", type: "api_error" });
}

/** The route-handler door: a web Request in, a web Response out. */
export function createConsoleProxy(options: ForwardOptions = {}) {
  return (request: Request) => replyToWeb(() => proxy({ request, body: nodeBody(request), signal: request.signal }, options), failure);
}

/**
 * The lean door: node:http in and out with no web-stream conversion (which copies every chunk of a
 * large upload). A caller that goes away aborts the call.
 */
export function createNodeConsoleProxy(options: ForwardOptions = {}) {
  return (req: IncomingMessage, res: ServerResponse) =>
    replyToNode(
      req,
      res,
      (signal) => {
        const method = req.method ?? "GET";
        const request = new Request(`http://${req.headers.host ?? "localhost"}${req.url ?? "/"}`, { method, headers: webHeaders(req) });
        return proxy({ request, body: method !== "GET" && method !== "HEAD" ? req : null, signal }, options);
      },
      failure,
    );
}

export const consoleProxy = createConsoleProxy();
export const serveConsoleProxy = createNodeConsoleProxy();
