import "server-only";
import { invalidRequest } from "./errors";
import type { Fault } from "./faults";

export interface SandboxContext {
  request: Request;
  url: URL;
  /** The path below /v1, e.g. "/files/file-abc". */
  path: string;
  /** Capture groups of the matched route. */
  params: string[];
  requestId: string;
  /** The sandbox project of the caller's key: objects are made in it and found only in it. */
  project: string;
  /** The issued key that called (null: SANDBOX_API_KEY); its usage is recorded under it. */
  keyId: string | null;
  faults: Set<Fault>;
  signal: AbortSignal;
  /** Headers every answer carries (request id, rate limits); add them to streamed responses. */
  headers: Record<string, string>;
  /** The JSON body, parsed once; a malformed body is a 400 as the real API answers it. */
  json(): Promise<Record<string, unknown>>;
}

export type RouteResult = Response | Record<string, unknown> | unknown[];

export interface Route {
  method: "GET" | "POST" | "DELETE";
  pattern: RegExp;
  handle(ctx: SandboxContext): Promise<RouteResult>;
}

export async function parseJsonBody(request: Request): Promise<Record<string, unknown>> {
  const text = await request.text();
  if (!text.trim()) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalidRequest(
      "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
    );
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw invalidRequest("The request body must be a JSON object.");
  }
  return value as Record<string, unknown>;
}
