import "server-only";
import { authenticateSandbox } from "./auth";
import { parseJsonBody, type SandboxContext } from "./context";
import { SandboxError } from "./errors";
import { applyEarlyFaults, faultsFrom } from "./faults";
import { newId } from "./ids";
import { recordServedBody, recordServedUsage } from "./organization/served";
import { matchRoute } from "./router";

const PREFIX = /^(?:\/sandbox)?\/v1(?=\/|$)/;

// Static, generous limits: the sandbox never limits on its own unless a 429 is asked for.
const RATE_LIMIT_HEADERS = {
  "x-ratelimit-limit-requests": "10000",
  "x-ratelimit-remaining-requests": "9999",
  "x-ratelimit-reset-requests": "6ms",
  "x-ratelimit-limit-tokens": "30000000",
  "x-ratelimit-remaining-tokens": "29999000",
  "x-ratelimit-reset-tokens": "0s",
};

/**
 * The sandbox upstream: an OpenAI-compatible API as a plain (Request) => Response function. It is
 * mounted at /sandbox/v1 by server.ts and served alone by `npm run sandbox`.
 */
export async function sandboxHandler(request: Request): Promise<Response> {
  const started = Date.now();
  const url = new URL(request.url);
  const requestId = newId.request();
  const headers: Record<string, string> = { "x-request-id": requestId, "openai-version": "2020-10-01", ...RATE_LIMIT_HEADERS };
  const finish = (response: Response): Response => {
    for (const [name, value] of Object.entries(headers)) if (!response.headers.has(name)) response.headers.set(name, value);
    response.headers.set("openai-processing-ms", String(Date.now() - started));
    return response;
  };
  try {
    const path = url.pathname.replace(PREFIX, "") || "/";
    const { project, keyId } = await authenticateSandbox(request);
    const matched = matchRoute(request.method, path);
    if (!("route" in matched)) {
      throw new SandboxError(404, `Invalid URL (${request.method} /v1${path})`, "invalid_request_error");
    }
    // JSON bodies are parsed up front (they are small, and a fault may be asked for by model
    // name); multipart and binary bodies are left to stream into their endpoint.
    const isJson = request.method === "POST" && (request.headers.get("content-type") ?? "").includes("application/json");
    let parsed: Promise<Record<string, unknown>> | undefined = isJson ? parseJsonBody(request) : undefined;
    const body = parsed ? await parsed : undefined;
    const faults = faultsFrom(request.headers.get("x-sandbox-fault"), body?.model);
    const ctx: SandboxContext = {
      request,
      url,
      path,
      params: matched.params,
      requestId,
      project,
      keyId,
      faults,
      signal: request.signal,
      headers,
      json: () => (parsed ??= parseJsonBody(request)),
    };
    await applyEarlyFaults(faults, request.signal);
    const result = await matched.route.handle(ctx);
    return finish(recordServedUsage(request.method, path, { project, keyId }, result instanceof Response ? result : Response.json(result)));
  } catch (error) {
    if (error instanceof SandboxError) {
      Object.assign(headers, error.headers);
      return finish(Response.json(error.body(), { status: error.status }));
    }
    console.error("[sandbox] unexpected error:", error instanceof Error ? error.message : error);
    const failure = new SandboxError(500, "The server had an error while processing your request. Sorry about that!", "server_error");
    return finish(Response.json(failure.body(), { status: 500 }));
  }
}

/**
 * Calls one sandbox endpoint from inside the sandbox (a batch line), as `project`, with no HTTP
 * and no key: the same route, parsing and errors as a call from outside. Returns the status and
 * the JSON body (an error body in OpenAI's shape for a 4xx/5xx).
 */
export async function sandboxCall(
  project: string,
  method: "GET" | "POST" | "DELETE",
  path: string,
  body?: Record<string, unknown>,
  signal: AbortSignal = new AbortController().signal,
): Promise<{ status: number; requestId: string; body: unknown }> {
  const requestId = newId.request();
  const url = new URL(`http://sandbox.internal/v1${path}`);
  try {
    const matched = matchRoute(method, url.pathname.replace(PREFIX, ""));
    if (!("route" in matched)) throw new SandboxError(404, `Invalid URL (${method} /v1${path})`, "invalid_request_error");
    const request = new Request(url, { method, signal });
    const ctx: SandboxContext = {
      request,
      url,
      path: url.pathname.replace(PREFIX, ""),
      params: matched.params,
      requestId,
      project,
      keyId: null,
      // Faults are asked for by HTTP callers; a batch line runs as asked, without them.
      faults: new Set(),
      signal,
      headers: {},
      json: async () => structuredClone(body ?? {}),
    };
    const result = await matched.route.handle(ctx);
    const status = result instanceof Response ? result.status : 200;
    const answer = result instanceof Response ? await result.json() : result;
    // A batch's lines are billed as such (at the batch rate) in the sandbox's organization usage.
    if (status === 200) recordServedBody(method, ctx.path, { project, keyId: null }, answer, { batch: true });
    return { status, requestId, body: answer };
  } catch (error) {
    if (error instanceof SandboxError) return { status: error.status, requestId, body: error.body() };
    console.error("[sandbox] unexpected error:", error instanceof Error ? error.message : error);
    const failure = new SandboxError(500, "The server had an error while processing your request. Sorry about that!", "server_error");
    return { status: 500, requestId, body: failure.body() };
  }
}
