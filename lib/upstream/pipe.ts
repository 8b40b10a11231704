import { finished, PassThrough, type Readable, type Writable } from "node:stream";

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

/**
 * Reads a body whole when it ends within `limit` bytes. A longer one is not refused: what was read
 * and the rest come back as one stream, to be passed on as it arrives.
 */
export function readWithin(stream: Readable, limit: number): Promise<{ bytes: Buffer } | { stream: Readable }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      stream.off("data", onData);
      stream.off("end", onEnd);
      stream.off("error", onError);
      stream.off("close", onClose);
    };
    const onData = (data: Buffer | string) => {
      const chunk = typeof data === "string" ? Buffer.from(data) : data;
      chunks.push(chunk);
      size += chunk.length;
      if (size <= limit) return;
      done();
      stream.pause();
      const whole = new PassThrough();
      for (const read of chunks) whole.write(read);
      pipeTo(stream, whole);
      resolve({ stream: whole });
    };
    const onEnd = () => {
      done();
      resolve({ bytes: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size) });
    };
    const onError = (error: Error) => {
      done();
      reject(error);
    };
    const onClose = () => {
      done();
      reject(Object.assign(new Error("Premature close"), { code: "ERR_STREAM_PREMATURE_CLOSE" }));
    };
    if (stream.readableEnded) return resolve({ bytes: Buffer.alloc(0) });
    if (stream.destroyed) return onClose();
    stream.on("data", onData);
    stream.on("end", onEnd);
    stream.on("error", onError);
    stream.on("close", onClose);
  });
}
