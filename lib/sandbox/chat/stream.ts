import "server-only";
import type { SandboxContext } from "../context";
import { certainLogprobs } from "../generate";
import { pacer } from "../responses/pacing";
import { sseResponse } from "../sse";
import { chatUsage, type PlannedChoice, type planChoices, SYSTEM_FINGERPRINT } from "./choices";
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
    type Outcome = "ok" | "cut" | "gone";
    const send = async (payload: unknown): Promise<Outcome> => ((await writer.send(null, payload)) ? "ok" : "gone");
    // A piece of content or arguments: paced, counted for the cut-stream fault.
    const delta = async (payload: unknown): Promise<Outcome> => {
      if (deltas === pace.cutAt) return "cut";
      await pace.beforeDelta(ctx.signal);
      deltas++;
      return send(payload);
    };
    const streamChoice = async (current: PlannedChoice): Promise<Outcome> => {
      const { index } = current;
      const opening = current.toolCalls.length
        ? { role: "assistant", content: null, refusal: null }
        : { role: "assistant", content: "", refusal: null };
      let outcome = await send(chunk([choice(index, opening)]));
      for (let k = 0; k < current.toolCalls.length && outcome === "ok"; k++) {
        const call = current.toolCalls[k];
        const header = { index: k, id: call.id, type: "function", function: { name: call.name, arguments: "" } };
        outcome = await send(chunk([choice(index, { tool_calls: [header] })]));
        for (let p = 0; p < call.pieces.length && outcome === "ok"; p++) {
          outcome = await delta(chunk([choice(index, { tool_calls: [{ index: k, function: { arguments: call.pieces[p].text } }] })]));
        }
      }
      const logprobs = request.logprobs ? certainLogprobs(current.pieces, request.topLogprobs) : [];
      for (let p = 0; p < current.pieces.length && outcome === "ok"; p++) {
        const pieceLogprobs = request.logprobs ? { content: [logprobs[p]], refusal: null } : null;
        outcome = await delta(chunk([choice(index, { content: current.pieces[p].text }, null, pieceLogprobs)]));
      }
      return outcome === "ok" ? send(chunk([choice(index, {}, current.finishReason)])) : outcome;
    };
    for (const current of planned.choices) {
      const outcome = await streamChoice(current);
      if (outcome === "cut") return writer.cut();
      if (outcome === "gone") return;
    }
    if (request.includeUsage && (await send({ ...base, choices: [], usage: chatUsage(planned.promptTokens, planned.choices) })) === "gone")
      return;
    await onComplete();
    writer.close(true);
  });
}
