import "server-only";
import type { Fault } from "../faults";
import { sleep } from "../sse";

// How fast the sandbox models "type": SANDBOX_TOKEN_DELAY_MS between deltas (15 ms, about 65
// tokens a second, unless set; the tests set 0), and the slow-first-token fault's wait before the
// first one (SANDBOX_SLOW_FIRST_TOKEN_MS, 2 s unless set). Read per request, so a test can change
// them between requests.

function envMs(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === "" ? fallback : Number(raw);
  return Number.isFinite(value) && value >= 0 ? value : fallback;
}

export interface Pacer {
  /** Waits as a model would before the next delta. */
  beforeDelta(signal: AbortSignal): Promise<void>;
  /** The index of the delta at which the cut-stream fault drops the connection, or -1. */
  cutAt: number;
}

export function pacer(faults: Set<Fault>, totalDeltas: number): Pacer {
  const delay = faults.has("fast-tokens") ? Math.min(1, envMs("SANDBOX_TOKEN_DELAY_MS", 15)) : envMs("SANDBOX_TOKEN_DELAY_MS", 15);
  const firstDelay = faults.has("slow-first-token") ? envMs("SANDBOX_SLOW_FIRST_TOKEN_MS", 2000) : delay;
  let sent = 0;
  return {
    async beforeDelta(signal) {
      await sleep(sent++ === 0 ? firstDelay : delay, signal);
    },
    cutAt: faults.has("cut-stream") ? Math.floor(totalDeltas / 2) : -1,
  };
}

/** The wait a plain (non-streamed) answer makes under the slow-first-token fault. */
export async function slowStart(faults: Set<Fault>, signal: AbortSignal): Promise<void> {
  if (faults.has("slow-first-token")) await sleep(envMs("SANDBOX_SLOW_FIRST_TOKEN_MS", 2000), signal);
}

export function tokenDelayMs(): number {
  return envMs("SANDBOX_TOKEN_DELAY_MS", 15);
}
