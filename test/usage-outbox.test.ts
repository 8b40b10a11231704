import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, test, vi } from "vitest";
import { db } from "@/lib/db/client";
import type { UsageEventInput } from "@/lib/usage/event";
import { createUsageOutbox, type UsageOutboxOptions } from "@/lib/usage/outbox";
import { insertUsageEvents } from "@/lib/usage/store";

// The outbox on its own directory, with the database write replaced where a test needs it to fail.

function usageEvent(projectId: string, overrides: Partial<UsageEventInput> = {}): UsageEventInput {
  return {
    id: randomUUID(),
    projectId,
    userId: null,
    apiKeyId: "key_1",
    source: "gateway",
    method: "POST",
    endpoint: "/chat/completions",
    model: "gpt-4.1-mini",
    status: 200,
    outcome: "completed",
    inputTokens: 100,
    cachedTokens: 0,
    outputTokens: 20,
    reasoningTokens: 0,
    usageReported: true,
    batch: false,
    startedAt: new Date().toISOString(),
    latencyMs: 80,
    ttftMs: null,
    upstreamRequestId: null,
    ...overrides,
  };
}

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
});

function outboxDir(): string {
  return fs.mkdtempSync(path.join(process.env.SWITCHBOARD_DATA_DIR as string, "outbox-"));
}

function makeOutbox(options: Partial<UsageOutboxOptions> & { dir: string }) {
  const logs: string[] = [];
  const outbox = createUsageOutbox({ log: (line) => logs.push(line), ...options });
  stops.push(() => outbox.stop());
  return { outbox, logs };
}

/** An insert that fails while `down` is true, as a database that does not answer would. */
function flakyDatabase() {
  const state = { down: true, attempts: 0 };
  const insert = async (events: UsageEventInput[]) => {
    state.attempts++;
    if (state.down) throw new Error("Invalid invocation:\nconnect ECONNREFUSED 127.0.0.1:5432");
    await insertUsageEvents(events);
  };
  return { state, insert };
}

async function storedIds(projectId: string): Promise<string[]> {
  const rows = await (await db()).usageEvent.findMany({ where: { projectId }, select: { id: true } });
  return rows.map((row) => row.id).sort();
}

async function waitFor(condition: () => Promise<boolean>, what: string) {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Lets the current turn of the event loop end, when the outbox writes what was recorded in it. */
const endOfTurn = () => new Promise((resolve) => setImmediate(resolve));

const segmentFiles = (dir: string) => fs.readdirSync(dir).filter((name) => name.includes(".jsonl"));
const lines = (events: UsageEventInput[]) => events.map((event) => `${JSON.stringify(event)}\n`).join("");

/** A segment of a process on another machine that stopped writing long ago. */
function leftover(dir: string, name: string, content: string) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  const hourAgo = new Date(Date.now() - 3_600_000);
  fs.utimesSync(file, hourAgo, hourAgo);
}

describe("the usage outbox", () => {
  test("recorded events reach the database, and the segments are removed", async () => {
    const dir = outboxDir();
    const { outbox } = makeOutbox({ dir });
    const project = randomUUID();
    const events = [usageEvent(project), usageEvent(project), usageEvent(project)];
    for (const event of events) outbox.record(event);
    await endOfTurn();
    expect(segmentFiles(dir)).toHaveLength(1);
    await outbox.flush();
    expect(await storedIds(project)).toEqual(events.map((e) => e.id).sort());
    expect(segmentFiles(dir)).toEqual([]);
  });

  test("the events recorded in one turn of the event loop are appended together when it ends", async () => {
    const dir = outboxDir();
    const { outbox } = makeOutbox({ dir });
    const events = [usageEvent(randomUUID()), usageEvent(randomUUID()), usageEvent(randomUUID())];
    const writes = vi.spyOn(fs, "writeSync");
    try {
      for (const event of events) outbox.record(event);
      expect(writes).not.toHaveBeenCalled();
      await endOfTurn();
      expect(writes).toHaveBeenCalledTimes(1);
    } finally {
      writes.mockRestore();
    }
    const [file] = segmentFiles(dir);
    expect(fs.readFileSync(path.join(dir, file), "utf8")).toBe(lines(events));
  });

  test("a busy outbox writes once 2,000 events wait, without waiting for its timer; fewer wait for it", async () => {
    const dir = outboxDir();
    const written: number[] = [];
    const insert = async (events: UsageEventInput[]) => {
      written.push(events.length);
    };
    const { outbox } = makeOutbox({ dir, insert, flushEveryMs: 60_000 });
    for (let i = 0; i < 1999; i++) outbox.record(usageEvent("p"));
    await endOfTurn();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(written).toEqual([]);
    outbox.record(usageEvent("p"));
    await waitFor(async () => written.length > 0, "the write at 2,000 events");
    expect(written).toEqual([2000]);
  });

  test("a flush takes its own segments' events from memory, without reading the files back", async () => {
    const dir = outboxDir();
    const { outbox } = makeOutbox({ dir });
    const project = randomUUID();
    const events = [usageEvent(project), usageEvent(project)];
    for (const event of events) outbox.record(event);
    const reads = vi.spyOn(fs, "readFileSync");
    try {
      await outbox.flush();
      expect(reads.mock.calls.filter(([file]) => String(file).startsWith(dir))).toEqual([]);
    } finally {
      reads.mockRestore();
    }
    expect(await storedIds(project)).toEqual(events.map((e) => e.id).sort());
    expect(segmentFiles(dir)).toEqual([]);
  });

  test("each event is stored once, however often its segment is replayed", async () => {
    const dir = outboxDir();
    const project = randomUUID();
    const events = [usageEvent(project), usageEvent(project), usageEvent(project)];
    leftover(dir, "gone-host-4242-1700000000000-0.jsonl", lines(events));
    leftover(dir, "gone-host-4343-1700000000000-7.jsonl.open", lines(events));
    const { outbox } = makeOutbox({ dir });
    outbox.start();
    await outbox.flush();
    await insertUsageEvents(events);
    expect(await storedIds(project)).toEqual(events.map((e) => e.id).sort());
    expect(segmentFiles(dir)).toEqual([]);
  });

  test("events recorded while the database fails wait on disk and are stored once it answers", async () => {
    const dir = outboxDir();
    const database = flakyDatabase();
    const { outbox } = makeOutbox({ dir, insert: database.insert });
    const project = randomUUID();
    const events = [usageEvent(project), usageEvent(project), usageEvent(project)];
    for (const event of events.slice(0, 2)) outbox.record(event);
    await expect(outbox.flush()).rejects.toThrow("ECONNREFUSED");
    outbox.record(events[2]);
    await expect(outbox.flush()).rejects.toThrow("ECONNREFUSED");
    const onDisk = segmentFiles(dir).map((name) => fs.readFileSync(path.join(dir, name), "utf8"));
    expect(onDisk.join("").trim().split("\n")).toHaveLength(3);

    database.state.down = false;
    await outbox.flush();
    expect(await storedIds(project)).toEqual(events.map((e) => e.id).sort());
    expect(segmentFiles(dir)).toEqual([]);
  });

  test("the flusher retries by itself, with one line of log per outage", async () => {
    const dir = outboxDir();
    const database = flakyDatabase();
    const { outbox, logs } = makeOutbox({ dir, insert: database.insert, flushEveryMs: 10 });
    const project = randomUUID();
    const events = [usageEvent(project), usageEvent(project)];
    for (const event of events) outbox.record(event);
    await waitFor(async () => database.state.attempts >= 3, "three attempts");
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/could not write usage events \(connect ECONNREFUSED 127\.0\.0\.1:5432\)/);

    database.state.down = false;
    await waitFor(async () => (await storedIds(project)).length === 2, "the events to be stored");
    expect(logs[1]).toMatch(/written to the database again/);
  });

  test("stopping while the database fails leaves the events for the next start", async () => {
    const dir = outboxDir();
    const database = flakyDatabase();
    const first = createUsageOutbox({ dir, insert: database.insert, log: () => undefined });
    const project = randomUUID();
    const events = [usageEvent(project), usageEvent(project)];
    for (const event of events) first.record(event);
    await first.stop();
    expect(segmentFiles(dir)).toHaveLength(1);

    const { outbox: next } = makeOutbox({ dir });
    next.start();
    await next.flush();
    expect(await storedIds(project)).toEqual(events.map((e) => e.id).sort());
    expect(segmentFiles(dir)).toEqual([]);
  });

  test("a process killed once the turn that recorded its events has ended loses nothing: its segment is stored at the next start", async () => {
    const dir = outboxDir();
    const project = randomUUID();
    const events = [usageEvent(project), usageEvent(project), usageEvent(project)];
    const script = path.join(dir, "..", `crash-${randomUUID()}.mts`);
    fs.writeFileSync(
      script,
      `import { createUsageOutbox } from ${JSON.stringify(path.resolve("lib/usage/outbox.ts"))};
const outbox = createUsageOutbox({ dir: ${JSON.stringify(dir)}, insert: async () => { throw new Error("unreachable"); } });
for (const event of ${JSON.stringify(events)}) outbox.record(event);
setImmediate(() => process.kill(process.pid, "SIGKILL"));
`,
    );
    const child = spawnSync(process.execPath, ["--import", "tsx", "--import", "./scripts/server-only-hook.mjs", script], {
      encoding: "utf8",
    });
    if (child.signal !== "SIGKILL") console.error(child.stderr);
    expect(child.signal).toBe("SIGKILL");
    expect(segmentFiles(dir)).toEqual([expect.stringMatching(new RegExp(`-${child.pid}-\\d+-0\\.jsonl\\.open$`))]);

    const { outbox } = makeOutbox({ dir });
    outbox.start();
    await outbox.flush();
    expect(await storedIds(project)).toEqual(events.map((e) => e.id).sort());
    expect(segmentFiles(dir)).toEqual([]);
  });

  test("a process that exits in the turn that recorded its events writes them first", async () => {
    const dir = outboxDir();
    const events = [usageEvent(randomUUID()), usageEvent(randomUUID())];
    const script = path.join(dir, "..", `exit-${randomUUID()}.mts`);
    fs.writeFileSync(
      script,
      `import { createUsageOutbox } from ${JSON.stringify(path.resolve("lib/usage/outbox.ts"))};
const outbox = createUsageOutbox({ dir: ${JSON.stringify(dir)}, insert: async () => { throw new Error("unreachable"); } });
for (const event of ${JSON.stringify(events)}) outbox.record(event);
process.exit(3);
`,
    );
    const child = spawnSync(process.execPath, ["--import", "tsx", "--import", "./scripts/server-only-hook.mjs", script], {
      encoding: "utf8",
    });
    expect(child.status).toBe(3);
    const [file] = segmentFiles(dir);
    expect(fs.readFileSync(path.join(dir, file), "utf8")).toBe(lines(events));
  });

  test("a torn last line (a crash mid-write) is skipped and the rest stored", async () => {
    const dir = outboxDir();
    const project = randomUUID();
    const events = [usageEvent(project), usageEvent(project)];
    leftover(dir, "gone-host-4444-1700000000000-0.jsonl.open", `${lines(events)}{"id":"${randomUUID()}","projectId":"${project}","sou`);
    const { outbox, logs } = makeOutbox({ dir });
    outbox.start();
    await outbox.flush();
    expect(await storedIds(project)).toEqual(events.map((e) => e.id).sort());
    expect(logs.join("\n")).toMatch(/skipped 1 unreadable line/);
  });

  test("segments of a live process elsewhere are left to it", async () => {
    const dir = outboxDir();
    const project = randomUUID();
    fs.writeFileSync(path.join(dir, "busy-host-4545-1700000000000-3.jsonl.open"), lines([usageEvent(project)]));
    const { outbox } = makeOutbox({ dir });
    outbox.start();
    await outbox.flush();
    expect(await storedIds(project)).toEqual([]);
    expect(segmentFiles(dir)).toEqual(["busy-host-4545-1700000000000-3.jsonl.open"]);
  });

  test("when the disk refuses the outbox, events are kept in memory and still stored", async () => {
    const notADirectory = path.join(outboxDir(), "a-file");
    fs.writeFileSync(notADirectory, "");
    const { outbox, logs } = makeOutbox({ dir: notADirectory });
    const project = randomUUID();
    const events = [usageEvent(project), usageEvent(project)];
    for (const event of events) expect(() => outbox.record(event)).not.toThrow();
    await endOfTurn();
    expect(logs).toHaveLength(1);
    await outbox.flush();
    expect(await storedIds(project)).toEqual(events.map((e) => e.id).sort());
  });

  test("a flush asked for while another writes also covers what was recorded meanwhile", async () => {
    const dir = outboxDir();
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { outbox } = makeOutbox({
      dir,
      insert: async (events) => {
        await gate;
        await insertUsageEvents(events);
      },
    });
    const project = randomUUID();
    const [early, late] = [usageEvent(project), usageEvent(project)];
    outbox.record(early);
    const first = outbox.flush();
    outbox.record(late);
    const second = outbox.flush();
    release();
    await Promise.all([first, second]);
    expect(await storedIds(project)).toEqual([early.id, late.id].sort());
  });
});
