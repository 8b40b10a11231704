import { finished, type Readable, type Writable } from "node:stream";

/**
 * `source.pipe(destination)` with stream.pipeline's guarantees for two streams: an error or an
 * early close on either side destroys the other, and `done` is called once, when the destination
 * has taken everything (or with the error). Used on every forwarded call instead of pipeline,
 * which creates and aborts an AbortController (and so a DOMException with its stack) per call.
 */
export function pipeTo(source: Readable, destination: Writable, done: (error: Error | null) => void = () => undefined): void {
  let settled = false;
  const settle = (error: Error | null) => {
    if (settled) return;
    settled = true;
    done(error);
  };
  finished(source, { writable: false }, (error) => {
    if (!error) return;
    destination.destroy(error);
    settle(error);
  });
  finished(destination, { readable: false }, (error) => {
    if (error) source.destroy(error);
    settle(error ?? null);
  });
  source.pipe(destination);
}
