import "server-only";
import path from "node:path";
import type { MessagePort } from "node:worker_threads";
import { dataDir } from "@/lib/config/server-env";
import { type Reply, requestsOver } from "@/lib/threads/requests";
import type { UsageEventInput } from "./event";
import { createUsageOutbox, type UsageOutbox } from "./outbox";

export type { UsageEventInput, UsageOutcome, UsageSource } from "./event";

// One outbox per process, shared by server.ts and the Next.js bundle (which load this module
// separately): two would each keep an open segment and a flusher of their own, and take each
// other's segments for an earlier run's. Next.js's thread sends its events to the main thread's
// (relayUsageEvents, ADR 0023).
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

type Relayed = { event: UsageEventInput } | { flush: true; id: number };

/** In a thread other than the main one: its events go to the main thread's outbox through the port. */
export function relayUsageEvents(port: MessagePort): void {
  const requests = requestsOver(port);
  port.unref();
  const flush = async () => {
    await requests.send({ flush: true });
  };
  holder[KEY] = {
    record: (event) => port.postMessage({ event } satisfies Relayed),
    flush,
    start: () => undefined,
    stop: flush,
  };
}

/** In the main thread: records the events another thread relays, and flushes when it asks. */
export function acceptUsageEvents(port: MessagePort): void {
  port.on("message", (message: Relayed) => {
    if ("event" in message) {
      recordUsageEvent(message.event);
      return;
    }
    const { id } = message;
    flushUsageEvents().then(
      () => port.postMessage({ id } satisfies Reply),
      (error) => port.postMessage({ id, error: error instanceof Error ? error.message : String(error) } satisfies Reply),
    );
  });
  port.unref();
}
