import "server-only";
import type { SandboxContext } from "../context";
import { sleep, sseResponse } from "../sse";
import { pacer, tokenDelayMs } from "./pacing";
import { countDeltas, type RunInput, runEvents } from "./run";
import { BACKGROUND_LEASE_MS, type ResponseBody, renewBackgroundLease, updateResponse } from "./store";

// The three ways a response runs: at once (a plain request), streamed to the caller, or in the
// background (stored, polled, cancellable). A run that ends early is stored as it ended: cancelled
// when the caller went away or cancelled it, failed when the stream was cut on purpose.

export type Outcome = "done" | "aborted" | "cut";

/** Runs in this process that a cancel can stop; other processes see the stored status. */
const activeRuns = new Map<string, AbortController>();

export function runPlain(input: RunInput): ResponseBody {
  for (const _ of runEvents(input)) {
    // A plain request needs only the final body the events leave behind.
  }
  return input.body;
}

export function endEarly(body: ResponseBody, outcome: Outcome): void {
  if (outcome === "done") return;
  for (const item of body.output) if (item.status === "in_progress" || item.status === "searching") item.status = "incomplete";
  if (outcome === "aborted") body.status = "cancelled";
  if (outcome === "cut") {
    body.status = "failed";
    body.error = { code: "server_error", message: "The stream was cut by the sandbox (fault: cut-stream)." };
  }
}

export function runStreamed(ctx: SandboxContext, input: RunInput, store: boolean): Response {
  const controller = new AbortController();
  const signal = AbortSignal.any([ctx.signal, controller.signal]);
  if (store) activeRuns.set(input.body.id, controller);
  return sseResponse(signal, ctx.headers, async (writer) => {
    const pace = pacer(ctx.faults, countDeltas(input));
    let outcome: Outcome = "done";
    let deltas = 0;
    let sequence = 0;
    try {
      for (const { event, isDelta } of runEvents(input)) {
        if (isDelta) {
          if (deltas === pace.cutAt) {
            outcome = "cut";
            break;
          }
          await pace.beforeDelta(signal);
          deltas++;
        }
        if (signal.aborted || !(await writer.send(event.type, { ...event, sequence_number: sequence++ }))) {
          outcome = "aborted";
          break;
        }
      }
      endEarly(input.body, outcome);
      // Stored before the stream ends, so a client that reads the response right after sees it.
      if (store) await updateResponse(input.body, ["in_progress"]);
    } finally {
      activeRuns.delete(input.body.id);
      if (outcome === "cut") writer.cut();
      else writer.close();
    }
  });
}

export function runInBackground(input: RunInput): Promise<void> {
  const controller = new AbortController();
  activeRuns.set(input.body.id, controller);
  const { signal } = controller;
  const work = async () => {
    const delay = tokenDelayMs();
    let outcome: Outcome = "done";
    let started = false;
    let renewedAt = Date.now();
    for (const { isDelta } of runEvents(input)) {
      if (!started) {
        started = true;
        if (!(await updateResponse({ ...input.body, status: "in_progress" }, ["queued"]))) return;
      }
      if (Date.now() - renewedAt > BACKGROUND_LEASE_MS / 3) {
        renewedAt = Date.now();
        await renewBackgroundLease(input.body.id);
      }
      if (isDelta) await sleep(delay, signal);
      if (signal.aborted) {
        outcome = "aborted";
        break;
      }
    }
    endEarly(input.body, outcome);
    if (outcome === "done") await updateResponse(input.body, ["in_progress"]);
  };
  return work()
    .catch((error) => console.error("[sandbox] background response failed:", error instanceof Error ? error.message : error))
    .finally(() => activeRuns.delete(input.body.id));
}

/** Stops a run of this process (a cancel); the caller records the cancellation. */
export function stopRun(id: string): void {
  activeRuns.get(id)?.abort();
}
