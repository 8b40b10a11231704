import "server-only";
import { Readable } from "node:stream";
import { type Dispatcher, errors as undiciErrors, util as undiciUtil } from "undici";
import type { CallSignal } from "./call-signal";
import { headerValue } from "./headers";
import { isJson } from "./request-body";
import type { ReplyHeaders } from "./transport";
import { WholeReply } from "./whole-reply";

// One call through an undici dispatcher, answered with the status, the headers and the body as a
// plain Node Readable (or, for a small JSON answer the caller reads whole anyway, the bytes). It
// is what undici's request() does, minus what the forwarding core does not use: request() makes
// each call an AsyncResource (an async-hooks event per call while Next.js has them on), a body
// stream with fetch-style helpers, and a promise wrapper. On a busy gateway those were a visible
// share of a call's CPU. Aborting, backpressure, timeouts and errors behave as there.

export interface DispatchedReply {
  status: number;
  headers: ReplyHeaders;
  body: Readable;
  /** The whole body, when it was collected before answering (`wholeJsonUpTo`). */
  bytes?: Buffer;
}

type Options = Omit<Dispatcher.DispatchOptions, "body"> & { body: Buffer | Readable | null };

export interface DispatchExtras {
  /**
   * A successful JSON answer with a content-length of at most this many bytes is collected whole
   * in the handler and handed over as `bytes`, with no stream made for it: a Readable costs a
   * busy gateway several ticks and listeners a call, for a body the core reads whole anyway.
   */
  wholeJsonUpTo?: number;
}

function collectsWhole(statusCode: number, headers: ReplyHeaders, limit: number | undefined): boolean {
  if (!limit || statusCode >= 300) return false;
  const length = Number(headerValue(headers, "content-length") ?? Number.NaN);
  return isJson(headerValue(headers, "content-type")) && length >= 0 && length <= limit;
}

export function dispatchCall(
  dispatcher: Dispatcher,
  options: Options,
  signal?: CallSignal,
  extras: DispatchExtras = {},
): Promise<DispatchedReply> {
  return new Promise((resolve, reject) => {
    const requestBody = options.body;
    let abort: ((reason: Error) => void) | null = null;
    let reply: Readable | null = null;
    // Collecting a whole answer: its status and headers, and the chunks so far.
    let whole: { status: number; headers: ReplyHeaders; chunks: Buffer[]; size: number } | null = null;
    let done = false;
    // An abort's reason is an Error here: the doors abort without one, which makes a DOMException.
    const aborted = () => (signal?.reason as Error | undefined) ?? new undiciErrors.RequestAbortedError();
    const onAbort = () => {
      if (reply) reply.destroy(aborted());
      else abort?.(aborted());
    };
    const stopListening = () => signal?.removeEventListener("abort", onAbort);
    if (signal?.aborted) {
      reject(aborted());
      if (requestBody instanceof Readable) requestBody.on("error", () => undefined).destroy();
      return;
    }
    signal?.addEventListener("abort", onAbort, { once: true });

    const handler: Dispatcher.DispatchHandler = {
      onConnect(abortCall) {
        abort = abortCall;
      },
      onHeaders(statusCode, rawHeaders, resume) {
        if (statusCode < 200) return true;
        const headers = undiciUtil.parseHeaders(rawHeaders as Buffer[]);
        if (collectsWhole(statusCode, headers, extras.wholeJsonUpTo)) {
          whole = { status: statusCode, headers, chunks: [], size: 0 };
          return true;
        }
        reply = new Readable({
          read: () => resume(),
          destroy: (error, callback) => {
            // The reader gave up before the end (the caller went away): stop the upstream call too.
            if (!done) abort?.(error ?? new undiciErrors.RequestAbortedError());
            stopListening();
            callback(error);
          },
        });
        resolve({ status: statusCode, headers, body: reply });
        return true;
      },
      onData(chunk) {
        if (whole) {
          whole.chunks.push(chunk);
          whole.size += chunk.length;
          return true;
        }
        return reply?.push(chunk) ?? true;
      },
      onComplete() {
        done = true;
        stopListening();
        if (whole) {
          const { chunks, size } = whole;
          resolve(new WholeReply(whole.status, whole.headers, chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)));
          return;
        }
        reply?.push(null);
      },
      onError(error) {
        done = true;
        stopListening();
        if (whole) {
          // Cut off while collecting: the reader gets the error once it starts reading, as it would
          // from a stream (a cut-off answer, not an unreachable upstream).
          const cut = new Readable({
            read() {
              this.destroy(error);
            },
          });
          resolve({ status: whole.status, headers: whole.headers, body: cut });
          whole = null;
        } else if (reply) {
          const body = reply;
          // As request() does: what was already pushed is read before the error arrives.
          queueMicrotask(() => body.destroy(error));
        } else reject(error);
        if (requestBody instanceof Readable) requestBody.on("error", () => undefined).destroy(error);
      },
    };
    dispatcher.dispatch({ ...options, body: requestBody }, handler);
  });
}
