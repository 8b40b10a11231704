import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";

/** A Node request's headers as web Headers (HTTP/2 pseudo-headers left out). */
export function webHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name.startsWith(":")) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  return headers;
}

/**
 * Serves a (Request) => Response handler on node:http: the request body streams in (never
 * buffered), the response body streams out with backpressure, and a client that goes away
 * aborts the Request's signal so the handler can stop.
 */
export async function serveWithHandler(
  req: IncomingMessage,
  res: ServerResponse,
  handler: (request: Request) => Promise<Response>,
): Promise<void> {
  const abort = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) abort.abort();
  });
  const host = req.headers.host ?? "localhost";
  const headers = webHeaders(req);
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  const request = new Request(`http://${host}${req.url ?? "/"}`, {
    method: req.method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
    signal: abort.signal,
    // @ts-expect-error -- Node's fetch needs duplex for a streamed request body; not in the DOM types.
    duplex: "half",
  });
  const response = await handler(request);
  res.statusCode = response.status;
  response.headers.forEach((value, name) => {
    if (name === "set-cookie") return;
    res.setHeader(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) res.setHeader("set-cookie", cookies);
  if (!response.body) {
    res.end();
    return;
  }
  res.flushHeaders();
  const reader = response.body.getReader();
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) await drainOrClose(res);
      if (res.destroyed) break;
    }
    res.end();
  } catch {
    // The producer failed mid-stream (e.g. a cut-stream fault): drop the connection as a real
    // upstream would, rather than ending it cleanly.
    res.destroy();
  } finally {
    reader.cancel().catch(() => undefined);
  }
}

// Waits for the socket to take more, or to go away; removes both listeners either way, so a long
// download does not pile up one listener per pause.
function drainOrClose(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}
