import { sessionCookieName } from "@/lib/auth/session";
import { ORIGIN, sessionCookieFor } from "./http";

export interface ProxyCallOptions {
  as?: { id: string } | null;
  method?: string;
  /** A JSON body, or a multipart form sent as is. */
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** Calls a console proxy handler as the browser's SDK would: the session cookie is the credential. */
export async function proxyRequest(
  proxy: (request: Request) => Promise<Response>,
  projectId: string,
  path: string,
  options: ProxyCallOptions = {},
): Promise<Response> {
  const method = options.method ?? (options.body === undefined ? "GET" : "POST");
  const headers = new Headers({ origin: ORIGIN, host: "localhost:3000", authorization: "Bearer placeholder", ...options.headers });
  if (options.as) headers.set("cookie", `${sessionCookieName()}=${await sessionCookieFor(options.as.id)}`);
  let body: string | FormData | undefined;
  if (options.body instanceof FormData) body = options.body;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers.set("content-type", "application/json");
  }
  return proxy(new Request(`${ORIGIN}/api/projects/${projectId}/openai/v1${path}`, { method, headers, body, signal: options.signal }));
}

/** The data lines of a server-sent event stream, parsed. */
export function sseEvents(text: string): Record<string, unknown>[] {
  return text
    .split(/\n\n/)
    .map((block) =>
      block
        .split("\n")
        .find((line) => line.startsWith("data: "))
        ?.slice(6),
    )
    .filter((data): data is string => !!data && data !== "[DONE]")
    .map((data) => JSON.parse(data));
}
