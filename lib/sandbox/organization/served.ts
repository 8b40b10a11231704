import "server-only";
import { db } from "@/lib/db/client";
import { parseUsage } from "@/lib/upstream/usage";

// The sandbox's record of what it served, for its /organization/usage and /organization/costs:
// one row per model call that answered 200, with the usage the answer carried, under the project
// and key that called. Read from the answer itself (the JSON, or the stream's usage event as it passes)
// so that no endpoint needs to know. A background response's usage arrives after its answer and
// is not recorded (a known gap: the sandbox bills nothing for background runs).

const KINDS: Record<string, "completions" | "embeddings"> = {
  "/responses": "completions",
  "/chat/completions": "completions",
  "/embeddings": "embeddings",
};

type Caller = { project: string; keyId: string | null };

/** Records one answered model call from its parsed body (a batch line's, which is never streamed). */
export function recordServedBody(method: string, path: string, caller: Caller, body: unknown, options: { batch?: boolean } = {}): void {
  const kind = KINDS[path];
  const answer = body as { usage?: unknown; model?: unknown } | null;
  if (method === "POST" && kind && answer) saveServed(caller, kind, answer.usage, answer.model, options.batch ?? false);
}

function saveServed(caller: Caller, kind: "completions" | "embeddings", found: unknown, model: unknown, batch: boolean): void {
  const usage = parseUsage(found);
  if (!usage || typeof model !== "string") return;
  void db()
    .then((prisma) =>
      prisma.sandboxServedCall.create({
        data: {
          project: caller.project,
          keyId: caller.keyId,
          batch,
          kind,
          model,
          inputTokens: usage.inputTokens,
          cachedTokens: usage.cachedTokens,
          outputTokens: usage.outputTokens,
        },
      }),
    )
    .catch((error) => console.error("[sandbox] served call not recorded:", error instanceof Error ? error.message : error));
}

export function recordServedUsage(method: string, path: string, caller: Caller, response: Response): Response {
  const kind = KINDS[path];
  if (method !== "POST" || !kind || response.status !== 200 || !response.body) return response;
  const save = (found: unknown, model: unknown) => saveServed(caller, kind, found, model, false);
  if ((response.headers.get("content-type") ?? "").startsWith("text/event-stream")) {
    return new Response(response.body.pipeThrough(usageWatcher(save)), { status: response.status, headers: response.headers });
  }
  void response
    .clone()
    .json()
    .then((body) => save(body?.usage, body?.model))
    .catch(() => undefined);
  return response;
}

/** Passes a stream through untouched and reports the usage event (chat's usage chunk or a terminal Responses event). */
function usageWatcher(save: (usage: unknown, model: unknown) => void): TransformStream<Uint8Array, Uint8Array> {
  const decoder = new TextDecoder();
  let pending = "";
  let saved = false;
  const look = (line: string) => {
    if (saved || !line.startsWith("data:") || !line.includes('"usage":{')) return;
    try {
      const event = JSON.parse(line.slice(5).trim());
      const usage = event?.response?.usage ?? event?.usage;
      if (!usage) return;
      saved = true;
      save(usage, event?.response?.model ?? event?.model);
    } catch {
      // Not an event we can read; the stream goes on untouched.
    }
  };
  return new TransformStream({
    transform(chunk, controller) {
      controller.enqueue(chunk);
      pending += decoder.decode(chunk, { stream: true });
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) look(line);
    },
    flush() {
      look(pending + decoder.decode());
    },
  });
}
