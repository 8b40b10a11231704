import "server-only";
import type { SandboxContext } from "../context";
import { certainLogprobs } from "../generate";
import { pacer } from "../responses/pacing";
import { sseResponse } from "../sse";
import { chatUsage, type planChoices, SYSTEM_FINGERPRINT } from "./choices";
import type { ChatRequest } from "./request";

// A streamed Chat Completion as the real API sends it: per choice a first chunk with the role,
// then one chunk per piece of content (or of each tool call's arguments), then a chunk with the
// finish reason; with stream_options.include_usage every chunk carries `usage: null` and a last
// chunk with no choices carries the usage. `data: [DONE]` ends it.

export function streamCompletion(
  ctx: SandboxContext,
  request: ChatRequest,
  planned: ReturnType<typeof planChoices>,
  body: Record<string, unknown>,
  onComplete: () => Promise<void>,
): Response {
  const base = {
    id: body.id,
    object: "chat.completion.chunk",
    created: body.created,
    model: request.modelName,
    service_tier: request.serviceTier,
    system_fingerprint: SYSTEM_FINGERPRINT,
  };
  const chunk = (choices: unknown[]) => (request.includeUsage ? { ...base, choices, usage: null } : { ...base, choices });
  const choice = (index: number, delta: Record<string, unknown>, finish: string | null = null, logprobs: unknown = null) => ({
    index,
    delta,
    logprobs,
    finish_reason: finish,
  });
  const totalDeltas = planned.choices.reduce((sum, c) => sum + c.pieces.length + c.toolCalls.reduce((s, t) => s + t.pieces.length, 0), 0);

  return sseResponse(ctx.signal, ctx.headers, async (writer) => {
    const pace = pacer(ctx.faults, totalDeltas);
    let deltas = 0;
    // Sends one content or argument piece, paced and subject to the faults; false to stop.
    const delta = async (payload: unknown): Promise<"ok" | "cut" | "gone"> => {
      if (deltas === pace.cutAt) return "cut";
      await pace.beforeDelta(ctx.signal);
      deltas++;
      return (await writer.send(null, payload)) ? "ok" : "gone";
    };
    for (const planned_ of planned.choices) {
      const { index } = planned_;
      if (planned_.toolCalls.length) {
        if (!(await writer.send(null, chunk([choice(index, { role: "assistant", content: null, refusal: null })])))) return;
        for (let k = 0; k < planned_.toolCalls.length; k++) {
          const call = planned_.toolCalls[k];
          const opening = { index: k, id: call.id, type: "function", function: { name: call.name, arguments: "" } };
          if (!(await writer.send(null, chunk([choice(index, { tool_calls: [opening] })])))) return;
          for (const piece of call.pieces) {
            const outcome = await delta(chunk([choice(index, { tool_calls: [{ index: k, function: { arguments: piece.text } }] })]));
            if (outcome === "cut") return writer.cut();
            if (outcome === "gone") return;
          }
        }
      } else {
        if (!(await writer.send(null, chunk([choice(index, { role: "assistant", content: "", refusal: null })])))) return;
        const logprobs = request.logprobs ? certainLogprobs(planned_.pieces, request.topLogprobs) : [];
        for (let p = 0; p < planned_.pieces.length; p++) {
          const pieceLogprobs = request.logprobs ? { content: [logprobs[p]], refusal: null } : null;
          const outcome = await delta(chunk([choice(index, { content: planned_.pieces[p].text }, null, pieceLogprobs)]));
          if (outcome === "cut") return writer.cut();
          if (outcome === "gone") return;
        }
      }
      if (!(await writer.send(null, chunk([choice(index, {}, planned_.finishReason)])))) return;
    }
    if (
      request.includeUsage &&
      !(await writer.send(null, { ...base, choices: [], usage: chatUsage(planned.promptTokens, planned.choices) }))
    )
      return;
    await onComplete();
    writer.close(true);
  });
}
