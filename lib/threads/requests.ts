import type { Transferable } from "node:worker_threads";

/** What a Worker and a MessagePort have in common, and all a requester needs. */
export interface Channel {
  postMessage(message: unknown, transfer?: readonly Transferable[]): void;
  // biome-ignore lint/suspicious/noExplicitAny: messages from another thread are whatever it sent.
  on(event: "message", listener: (message: any) => void): unknown;
  ref(): void;
  unref(): void;
}

/** An answer from the other thread: the id of the request it answers, or an error in words. */
export interface Reply {
  id?: number;
  error?: string;
}

/**
 * Requests to another thread over a channel, each answered by a message that carries its id. The
 * channel keeps the process alive only while an answer is due, as a socket would; messages
 * without an id are not answers, and are left to the channel's other listeners.
 */
export function requestsOver<R extends Reply>(channel: Channel) {
  const waiting = new Map<number, { resolve(reply: R): void; reject(error: Error): void }>();
  let sequence = 0;
  let refused: Error | undefined;

  channel.on("message", (reply: R) => {
    if (reply.id === undefined) return;
    const waiter = waiting.get(reply.id);
    waiting.delete(reply.id);
    if (waiting.size === 0) channel.unref();
    if (reply.error) waiter?.reject(new Error(reply.error));
    else waiter?.resolve(reply);
  });

  return {
    send(message: object, transfer: readonly Transferable[] = []): Promise<R> {
      if (refused) return Promise.reject(refused);
      const id = ++sequence;
      if (waiting.size === 0) channel.ref();
      const reply = new Promise<R>((resolve, reject) => waiting.set(id, { resolve, reject }));
      channel.postMessage({ ...message, id }, transfer);
      return reply;
    },
    /** Refuses requests from now on; those already sent still get their answers. */
    refuse(reason: Error) {
      refused ??= reason;
    },
    /** The other side is gone: refuses requests from now on, and fails those waiting. */
    stop(reason: Error) {
      refused ??= reason;
      for (const waiter of waiting.values()) waiter.reject(refused);
      waiting.clear();
    },
    get refused() {
      return refused;
    },
  };
}
