import "server-only";
import fs from "node:fs";
import { nowMs } from "@/lib/clock";
import type { UsageEventInput } from "./event";
import { isLeftover, listSegments, newSegmentOwner, readSegment, segmentPath } from "./segments";
import { insertUsageEvents } from "./store";

// A durable outbox for usage events: recording queues one JSON line, and the lines recorded in one
// turn of the event loop are appended to a segment file on disk together, at the end of that turn
// (or when the process exits), so an event survives the process crashing a moment later and the
// response never waits for the database. A flusher moves on to a new segment, writes the finished
// ones to the database in batches, and deletes them only once they are stored. The event id makes
// every write idempotent, so a segment written twice (a retry, a replay) still counts each event once.
//
// Appending through a kept-open descriptor with writeSync measured ~2 µs per event against ~6 µs
// for appendFileSync (which opens and closes the file each time); on a busy gateway a write per
// event still cost ~15 µs of the event loop, which one write per turn shares among the turn's
// events (ADR 0008). The lines are in the kernel once writeSync returns, which is what a process
// crash needs; surviving a power cut would take an fsync per write, which we do not pay. What a
// SIGKILL can lose is the current turn's queue: calls answered in that same turn.

export interface UsageOutboxOptions {
  dir: string;
  /** Writes events to the database; default insertUsageEvents. Tests pass one that fails. */
  insert?: (events: UsageEventInput[]) => Promise<void>;
  /** How soon recorded events are written when few arrive. */
  flushEveryMs?: number;
  /** This many events waiting start a write at once. */
  flushAtPending?: number;
  log?: (line: string) => void;
}

export interface UsageOutbox {
  /** Appends the event to the outbox. Synchronous, cheap, never throws. */
  record(event: UsageEventInput): void;
  /** Resolves when everything recorded before the call is in the database; rejects if it cannot be written now. */
  flush(): Promise<void>;
  /** Takes on segments that processes gone before left behind, and writes them. */
  start(): void;
  /** Stops the timer and writes what is left; what cannot be written stays on disk for the next start. */
  stop(): Promise<void>;
}

// A busy gateway writes when this many events wait, before the timer: below ~10,000 calls a second
// that is every 200 ms. Each flush costs both threads a fixed share (the segment's files, the
// prices, the statements, waking the database), and at 500 the gateway answered ~10 % fewer calls
// at 8 connections (docs/performance/gateway.md). A write of 2,000 holds PGlite's one session for
// ~2 × 30 ms (ROWS_PER_STATEMENT in store.ts), which other statements wait behind.
const FLUSH_AT_PENDING = 2000;
// Events per insert call when many segments wait (after an outage): bounds the memory one write takes.
const EVENTS_PER_WRITE = 5000;
const MAX_BACKOFF_MS = 30_000;
// A live outbox looks for leftovers of other processes now and then, not only at its start.
const LEFTOVER_SCAN_MS = 60_000;
// Only when both the disk and the database refuse: beyond this, memory would be the next casualty.
const MAX_IN_MEMORY = 100_000;
// Events of finished segments kept in memory for their write; past this (the database is away),
// the rest are read back from their files when it answers again.
const MAX_REMEMBERED = 20_000;

// Queues not yet written when the process exits (process.exit, an uncaught exception) are written then.
const exiting = new Set<() => void>();
let exitWatched = false;
function watchExit() {
  if (exitWatched) return;
  exitWatched = true;
  process.on("exit", () => {
    for (const write of exiting) write();
  });
}

export function createUsageOutbox(options: UsageOutboxOptions): UsageOutbox {
  const { dir } = options;
  const insert = options.insert ?? insertUsageEvents;
  const flushEveryMs = options.flushEveryMs ?? 200;
  const flushAtPending = options.flushAtPending ?? FLUSH_AT_PENDING;
  const log = options.log ?? ((line: string) => console.warn(line));

  const owner = newSegmentOwner();
  let sequence = 0;
  let fd: number | null = null;
  let openPath = "";
  let pending = 0;
  // Our finished segments and others' leftovers, waiting for the database.
  const waiting = new Set<string>();
  // Events the disk refused (full, read-only): kept in memory rather than dropped.
  let unwritten: UsageEventInput[] = [];
  // What our own segments hold, kept as recorded, so a flush does not read back and parse the file
  // it just wrote; the file stays the truth after a crash. Not kept past MAX_REMEMBERED (an outage).
  let openEvents: UsageEventInput[] = [];
  const remembered = new Map<string, UsageEventInput[]>();
  let rememberedCount = 0;

  let chain: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let dueAt = 0;
  let ticking = false;
  let failures = 0;
  let stopped = false;
  let lastScan = 0;
  let diskWarned = false;
  let dropped = 0;

  function append(text: string, events: UsageEventInput[]) {
    if (fd === null) {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      openPath = segmentPath(dir, owner, sequence++, true);
      // a+: appends, and lets rotate() read the segment back through the descriptor.
      fd = fs.openSync(/*turbopackIgnore: true*/ openPath, "a+", 0o600);
    }
    const bytes = Buffer.from(text);
    let written = 0;
    try {
      while (written < bytes.length) written += fs.writeSync(fd, bytes, written);
    } catch (error) {
      // A torn line must stay the last of its file, or it would swallow the next one.
      if (written > 0) rotate();
      throw error;
    }
    for (const event of events) openEvents.push(event);
  }

  // Lines recorded this turn, written together by writeQueued.
  let queued: string[] = [];
  let queuedEvents: UsageEventInput[] = [];
  let writeSoon: NodeJS.Immediate | null = null;

  function writeQueued() {
    if (writeSoon) clearImmediate(writeSoon);
    writeSoon = null;
    exiting.delete(writeQueued);
    if (queuedEvents.length === 0) return;
    const text = queued.join("");
    const events = queuedEvents;
    queued = [];
    queuedEvents = [];
    try {
      append(text, events);
    } catch (error) {
      if (!diskWarned) log(`[usage] could not append to the usage outbox in ${dir} (${briefly(error)}); keeping events in memory`);
      diskWarned = true;
      for (const event of events) {
        if (unwritten.length < MAX_IN_MEMORY) unwritten.push(event);
        else if (dropped++ === 0) log(`[usage] ${MAX_IN_MEMORY} usage events in memory: dropping further ones`);
      }
    }
  }

  // Closes the open segment and marks it finished. If another process took it as a leftover
  // meanwhile (and removed it), what we wrote is still readable through our descriptor: write it
  // out again under the finished name; the ids make the second write harmless.
  function rotate() {
    if (fd === null) return;
    const finished = openPath.slice(0, -".open".length);
    try {
      fs.renameSync(openPath, finished);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      const size = fs.fstatSync(fd).size;
      const content = Buffer.alloc(size);
      let read = 0;
      while (read < size) read += fs.readSync(fd, content, read, size - read, read);
      fs.writeFileSync(finished, content, { mode: 0o600 });
    }
    fs.closeSync(fd);
    fd = null;
    pending = 0;
    waiting.add(finished);
    if (rememberedCount + openEvents.length <= MAX_REMEMBERED) {
      remembered.set(finished, openEvents);
      rememberedCount += openEvents.length;
    }
    openEvents = [];
  }

  function forget(file: string) {
    rememberedCount -= remembered.get(file)?.length ?? 0;
    remembered.delete(file);
  }

  function takeLeftovers() {
    lastScan = nowMs();
    for (const segment of listSegments(dir)) {
      if (segment.owner !== owner && !waiting.has(segment.path) && isLeftover(segment)) waiting.add(segment.path);
    }
  }

  async function write(files: string[], events: UsageEventInput[]) {
    if (events.length) await insert(events);
    for (const file of files) {
      fs.rmSync(file, { force: true });
      waiting.delete(file);
      forget(file);
    }
  }

  async function flushOnce() {
    writeQueued();
    rotate();
    // Events the disk refused go first, with the first write; until it succeeds they are at risk.
    const fromMemory = unwritten;
    unwritten = [];
    let memoryWritten = fromMemory.length === 0;
    let files: string[] = [];
    let events: UsageEventInput[] = fromMemory;
    try {
      for (const file of [...waiting].sort()) {
        const known = remembered.get(file);
        const segment = known ? { events: known, unreadable: 0 } : readSegment(file);
        if (!segment) {
          waiting.delete(file);
          continue;
        }
        if (segment.unreadable) log(`[usage] skipped ${segment.unreadable} unreadable line(s) in ${file}`);
        files.push(file);
        events = events.concat(segment.events);
        if (events.length >= EVENTS_PER_WRITE) {
          await write(files, events);
          memoryWritten = true;
          files = [];
          events = [];
        }
      }
      await write(files, events);
    } catch (error) {
      // The files stay until written; the in-memory events go back in line.
      if (!memoryWritten) unwritten = fromMemory.concat(unwritten);
      throw error;
    }
  }

  function flush(): Promise<void> {
    // One write at a time; a flush asked for during another runs after it, and so also covers
    // everything recorded while the other was busy.
    const run = chain.then(flushOnce);
    chain = run.catch(() => undefined);
    return run;
  }

  function hasWork() {
    return fd !== null || waiting.size > 0 || unwritten.length > 0 || queuedEvents.length > 0;
  }

  function schedule(delayMs: number) {
    if (stopped || ticking) return;
    const at = nowMs() + delayMs;
    if (timer && dueAt <= at) return;
    clearTimeout(timer);
    dueAt = at;
    timer = setTimeout(tick, delayMs);
    // Never what keeps a process alive: whatever is left waits on disk for the next start.
    timer.unref();
  }

  function backoffMs() {
    return Math.min(MAX_BACKOFF_MS, flushEveryMs * 2 ** failures);
  }

  async function tick() {
    timer = undefined;
    ticking = true;
    try {
      if (nowMs() - lastScan > LEFTOVER_SCAN_MS) takeLeftovers();
      await flush();
      if (failures > 0) log("[usage] usage events are being written to the database again");
      failures = 0;
    } catch (error) {
      failures++;
      if (failures === 1) log(`[usage] could not write usage events (${briefly(error)}); they wait in ${dir} and are retried`);
    } finally {
      ticking = false;
    }
    if (hasWork()) schedule(failures > 0 ? backoffMs() : pending >= flushAtPending ? 0 : flushEveryMs);
  }

  function record(event: UsageEventInput) {
    queued.push(`${JSON.stringify(event)}\n`);
    queuedEvents.push(event);
    if (!writeSoon) {
      writeSoon = setImmediate(writeQueued);
      exiting.add(writeQueued);
      watchExit();
    }
    pending++;
    if (failures > 0) schedule(backoffMs());
    else schedule(pending >= flushAtPending ? 0 : flushEveryMs);
  }

  return {
    record(event) {
      try {
        record(event);
      } catch {
        // Recording must never break the call it describes.
      }
    },
    flush,
    start() {
      stopped = false;
      takeLeftovers();
      if (hasWork()) schedule(0);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
      try {
        await flush();
      } catch (error) {
        log(`[usage] usage events not yet written stay in ${dir} for the next start (${briefly(error)})`);
      }
    },
  };
}

// One short line: the error's last line (Prisma puts the cause there), never the whole query.
function briefly(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const last = message.trim().split("\n").pop()?.trim() ?? "";
  return last.length > 160 ? `${last.slice(0, 157)}…` : last;
}
