import "server-only";

const encoder = new TextEncoder();

export interface SseWriter {
  /** Sends one event; resolves after the pacing delay. False once the client went away. */
  send(event: string | null, data: unknown): Promise<boolean>;
  /** Ends the stream normally (with `data: [DONE]` for Chat Completions). */
  close(done?: boolean): void;
  /** Ends the stream abruptly, as a dropped connection would. */
  cut(): void;
}

/**
 * A text/event-stream Response fed by `produce`. Events are flushed one by one, never batched;
 * `produce` learns of a client that went away through the signal and the writer's return value.
 */
export function sseResponse(signal: AbortSignal, headers: Record<string, string>, produce: (writer: SseWriter) => Promise<void>): Response {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let open = true;
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
    cancel() {
      open = false;
    },
  });
  signal.addEventListener("abort", () => {
    open = false;
  });
  const writer: SseWriter = {
    async send(event, data) {
      if (!open) return false;
      const payload = typeof data === "string" ? data : JSON.stringify(data);
      controller.enqueue(encoder.encode(`${event ? `event: ${event}\n` : ""}data: ${payload}\n\n`));
      return open;
    },
    close(done = false) {
      if (!open) return;
      if (done) controller.enqueue(encoder.encode("data: [DONE]\n\n"));
      open = false;
      controller.close();
    },
    cut() {
      if (!open) return;
      open = false;
      controller.error(new Error("stream cut by the sandbox (fault: cut-stream)"));
    },
  };
  produce(writer).catch(() => writer.cut());
  return new Response(stream, {
    status: 200,
    headers: { ...headers, "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", connection: "keep-alive" },
  });
}

/**
 * Waits `ms`, or less if `signal` aborts. The abort listener goes with the wait: a stream sleeps
 * once per token on the same signal, and listeners left behind piled up (thousands on a long answer).
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}
