import "server-only";
import { authenticateSandbox } from "./auth";
import { parseJsonBody, type SandboxContext } from "./context";
import { SandboxError } from "./errors";
import { applyEarlyFaults, faultsFrom } from "./faults";
import { newId } from "./ids";
import { recordServedUsage } from "./organization/served";
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
    const keyId = await authenticateSandbox(request);
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
      keyId,
      faults,
      signal: request.signal,
      headers,
      json: () => (parsed ??= parseJsonBody(request)),
    };
    await applyEarlyFaults(faults, request.signal);
    const result = await matched.route.handle(ctx);
    return finish(recordServedUsage(request.method, path, keyId, result instanceof Response ? result : Response.json(result)));
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
