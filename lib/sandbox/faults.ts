import "server-only";
import { SandboxError } from "./errors";
import { sleep } from "./sse";

// Faults our own tests ask for: the `x-sandbox-fault` header (comma-separated) or a model name of
// the form `sandbox-fault-<fault>` in a JSON body. `fast-tokens` is not a fault but a pace: deltas
// 1 ms apart, for tests of how a client copes with a long answer arriving quickly.
export const FAULTS = ["429", "500", "timeout", "cut-stream", "slow-first-token", "fast-tokens"] as const;
export type Fault = (typeof FAULTS)[number];

export function faultsFrom(header: string | null, model?: unknown): Set<Fault> {
  const asked = new Set<Fault>();
  for (const part of (header ?? "").split(",")) {
    const name = part.trim() as Fault;
    if (FAULTS.includes(name)) asked.add(name);
  }
  if (typeof model === "string" && model.startsWith("sandbox-fault-")) {
    const name = model.slice("sandbox-fault-".length) as Fault;
    if (FAULTS.includes(name)) asked.add(name);
  }
  return asked;
}

export const RETRY_AFTER_SECONDS = 2;

/** Faults that answer before the endpoint runs: a 429 or a 500, or a hang until the client gives up. */
export async function applyEarlyFaults(faults: Set<Fault>, signal: AbortSignal): Promise<void> {
  if (faults.has("429")) {
    throw new SandboxError(
      429,
      `Rate limit reached for requests on this sandbox project. Please try again in ${RETRY_AFTER_SECONDS}s.`,
      "requests",
      null,
      "rate_limit_exceeded",
      {
        "retry-after": String(RETRY_AFTER_SECONDS),
        "x-ratelimit-remaining-requests": "0",
        "x-ratelimit-reset-requests": `${RETRY_AFTER_SECONDS}s`,
      },
    );
  }
  if (faults.has("500")) {
    throw new SandboxError(500, "The server had an error while processing your request. Sorry about that!", "server_error", null, null);
  }
  if (faults.has("timeout")) {
    // The caller may have gone already (while its body was read): sleep sees that, a listener would not.
    await sleep(10 * 60_000, signal);
    throw new SandboxError(504, "The sandbox timed out (fault: timeout).", "server_error", null, "timeout");
  }
}
