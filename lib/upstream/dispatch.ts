import "server-only";
import { Readable } from "node:stream";
import { type Dispatcher, errors as undiciErrors, util as undiciUtil } from "undici";
import type { CallSignal } from "./call-signal";

// One call through an undici dispatcher, answered with the status, the headers and the body as a
// plain Node Readable. It is what undici's request() does, minus what the forwarding core does not
// use: request() makes each call an AsyncResource (an async-hooks event per call while Next.js has
// them on), a body stream with fetch-style helpers, and a promise wrapper. On a busy gateway those
// were a visible share of a call's CPU. Aborting, backpressure, timeouts and errors behave as there.

export interface DispatchedReply {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: Readable;
}

type Options = Omit<Dispatcher.DispatchOptions, "body"> & { body: Buffer | Readable | null };

export function dispatchCall(dispatcher: Dispatcher, options: Options, signal?: CallSignal): Promise<DispatchedReply> {
  return new Promise((resolve, reject) => {
    const requestBody = options.body;
    let abort: ((reason: Error) => void) | null = null;
    let reply: Readable | null = null;
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
        reply = new Readable({
          read: () => resume(),
          destroy: (error, callback) => {
            // The reader gave up before the end (the caller went away): stop the upstream call too.
            if (!done) abort?.(error ?? new undiciErrors.RequestAbortedError());
            stopListening();
            callback(error);
          },
        });
        resolve({ statusCode, headers, body: reply });
        return true;
      },
      onData(chunk) {
        return reply?.push(chunk) ?? true;
      },
      onComplete() {
        done = true;
        stopListening();
        reply?.push(null);
      },
      onError(error) {
        done = true;
        stopListening();
        if (reply) {
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
