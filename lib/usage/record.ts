import "server-only";
import path from "node:path";
import { dataDir } from "@/lib/config/server-env";
import type { UsageEventInput } from "./event";
import { createUsageOutbox, type UsageOutbox } from "./outbox";

export type { UsageEventInput, UsageOutcome, UsageSource } from "./event";

// One outbox per process, shared by server.ts and the Next.js bundle (which load this module
// separately): two would each keep an open segment and a flusher of their own.
const KEY = Symbol.for("switchboard.usageOutbox");
type Holder = { [KEY]?: UsageOutbox };
const holder = globalThis as unknown as Holder;

function outbox(): UsageOutbox {
  holder[KEY] ??= createUsageOutbox({ dir: usageOutboxDir() });
  return holder[KEY];
}

export function usageOutboxDir(): string {
  return path.join(/*turbopackIgnore: true*/ dataDir(), "usage-outbox");
}

/**
 * Records one upstream call, exactly once however often it is replayed (by its id). Synchronous
 * and cheap: the event is on disk once the current turn of the event loop ends, and reaches the
 * database shortly after, priced at the price in effect when the call started. Never throws.
 */
export function recordUsageEvent(event: UsageEventInput): void {
  try {
    outbox().record(event);
  } catch {
    // Recording must never break the call it describes.
  }
}

/** Waits until everything recorded so far is in the database (tests, shutdown). */
export function flushUsageEvents(): Promise<void> {
  return outbox().flush();
}

/** At server start, once the database is open: writes what earlier runs left in the outbox. */
export function startUsageRecorder(): void {
  outbox().start();
}

/** At server stop, before the database closes: a last write; what fails stays for the next start. */
export function stopUsageRecorder(): Promise<void> {
  return outbox().stop();
}
