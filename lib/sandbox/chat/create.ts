import "server-only";
import type { SandboxContext } from "../context";
import { newId, unixSeconds } from "../ids";
import { slowStart } from "../responses/pacing";
import { completionBody, planChoices } from "./choices";
import { parseChatRequest } from "./request";
import { storeCompletion } from "./store";
import { streamCompletion } from "./stream";

// POST /chat/completions, plainly or streamed; stored when `store` is true.
export async function createChatCompletion(ctx: SandboxContext) {
  const request = await parseChatRequest(await ctx.json(), ctx.project);
  const planned = planChoices(request);
  const id = newId.chatCompletion();
  const created = unixSeconds();
  const body = completionBody(request, id, created, planned);
  if (request.stream) {
    return streamCompletion(ctx, request, planned, body, async () => {
      if (request.store) await storeCompletion(ctx.project, body, request);
    });
  }
  await slowStart(ctx.faults, ctx.signal);
  if (request.store) await storeCompletion(ctx.project, body, request);
  return body;
}
