import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { CallAbort, type CallSignal } from "./call-signal";
import { type ForwardedReply, type OpenAIShapedError, openAIErrorBody } from "./openai-error";
import { pipeTo } from "./pipe";
import { TERMINAL } from "./sse-tap";

// How a forwarded reply leaves through each door, for both the console proxy and the gateway:
// streamed as it comes, never cached, and a failure before the first byte answered in OpenAI's
// shape (after it, the connection is cut: the caller sees a broken stream, not a wrong one).

const NO_BODY_STATUS = new Set([204, 304]);
const COMMON_HEADERS = { "cache-control": "no-store" };

/** The lean door: node:http in and out; a caller that goes away aborts the call. */
export async function replyToNode(
  req: IncomingMessage,
  res: ServerResponse,
  run: (signal: CallSignal) => Promise<ForwardedReply>,
  failure: (error: unknown) => OpenAIShapedError,
): Promise<void> {
  const abort = new CallAbort();
  res.on("close", () => {
    if (!res.writableFinished) abort.abort();
  });
  try {
    const reply = await run(abort);
    res.writeHead(reply.status, { ...reply.headers, ...COMMON_HEADERS });
    if (NO_BODY_STATUS.has(reply.status) || req.method === "HEAD") {
      if (!reply.bytes) reply.body.resume();
      res.end();
      return;
    }
    if (reply.bytes) {
      res.end(reply.bytes);
      return;
    }
    if (String(reply.headers["content-type"] ?? "").startsWith("text/event-stream")) groupStreamWrites(res, reply.body);
    pipeTo(reply.body, res);
  } catch (error) {
    const shaped = failure(error);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.writeHead(shaped.status, { ...shaped.headers, "content-type": "application/json", ...COMMON_HEADERS });
    res.end(openAIErrorBody(shaped.fields));
    req.resume();
  }
}

// The last event of a stream: chat's [DONE], or a Responses stream's terminal event.
const LAST_EVENTS = ["data: [DONE]", ...TERMINAL];

/**
 * Groups a stream's writes where that saves a system call and a wake-up of the caller:
 * - The headers go with the first event when that came along with them, and alone at the end of
 *   this turn of the event loop when it did not (a model may think for a while before its first
 *   event). The body is empty at this point either way: the core's tap passes on what the upstream
 *   sent from the next tick on.
 * - The last event waits for the end of its turn (the socket is corked until then): the upstream's
 *   end is seen a tick after its last bytes, so the event and the end of the stream leave in one
 *   write instead of two. No other event is held: each goes out the moment it comes.
 */
function groupStreamWrites(res: ServerResponse, body: Readable): void {
  let started = false;
  let corked = false;
  body.on("data", (chunk: Buffer | string) => {
    started = true;
    if (corked || !LAST_EVENTS.some((marker) => chunk.includes(marker))) return;
    corked = true;
    res.cork();
    setImmediate(() => {
      corked = false;
      // end() has written everything and uncorked when the stream ended in this turn.
      if (!res.writableEnded) res.uncork();
    });
  });
  setImmediate(() => {
    if (!started && !res.destroyed && !res.writableEnded) res.flushHeaders();
  });
}

/** The route-handler door: a web Response. */
export async function replyToWeb(run: () => Promise<ForwardedReply>, failure: (error: unknown) => OpenAIShapedError): Promise<Response> {
  try {
    const reply = await run();
    const empty = NO_BODY_STATUS.has(reply.status);
    if (empty && !reply.bytes) reply.body.resume();
    const body = empty ? null : reply.bytes ? new Uint8Array(reply.bytes) : (Readable.toWeb(reply.body) as ReadableStream<Uint8Array>);
    return new Response(body, {
      status: reply.status,
      headers: { ...reply.headers, ...COMMON_HEADERS },
    });
  } catch (error) {
    const shaped = failure(error);
    return new Response(openAIErrorBody(shaped.fields), {
      status: shaped.status,
      headers: { ...shaped.headers, "content-type": "application/json", ...COMMON_HEADERS },
    });
  }
}

/** A web request's body as the core takes it. */
export function nodeBody(request: Request): Readable | null {
  return request.body ? Readable.fromWeb(request.body as import("node:stream/web").ReadableStream<Uint8Array>) : null;
}
