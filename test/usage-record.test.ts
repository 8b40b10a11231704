import { randomUUID } from "node:crypto";
import fs from "node:fs";
import { afterAll, describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { flushUsageEvents, recordUsageEvent, stopUsageRecorder, type UsageEventInput, usageOutboxDir } from "@/lib/usage/record";
import { insertUsageEvents } from "@/lib/usage/store";

// recordUsageEvent as the forwarding core calls it: events land in the database priced, once.

function usageEvent(projectId: string, overrides: Partial<UsageEventInput> = {}): UsageEventInput {
  return {
    id: randomUUID(),
    projectId,
    userId: "user_1",
    apiKeyId: null,
    source: "console",
    method: "POST",
    endpoint: "/responses",
    model: "sandbox-chat",
    status: 200,
    outcome: "completed",
    inputTokens: 1000,
    cachedTokens: 0,
    outputTokens: 500,
    reasoningTokens: 0,
    usageReported: true,
    batch: false,
    startedAt: new Date().toISOString(),
    latencyMs: 250,
    ttftMs: 40,
    upstreamRequestId: "req_123",
    ...overrides,
  };
}

afterAll(() => stopUsageRecorder());

async function recorded(event: UsageEventInput) {
  recordUsageEvent(event);
  await flushUsageEvents();
  return (await db()).usageEvent.findUniqueOrThrow({ where: { id: event.id } });
}

describe("recordUsageEvent", () => {
  test("stores the event as reported, priced from the price table", async () => {
    const event = usageEvent(randomUUID(), { cachedTokens: 200, reasoningTokens: 100, startedAt: "2026-03-01T10:00:00.000Z" });
    const row = await recorded(event);
    expect(row).toMatchObject({
      projectId: event.projectId,
      userId: "user_1",
      apiKeyId: null,
      source: "console",
      method: "POST",
      endpoint: "/responses",
      model: "sandbox-chat",
      status: 200,
      outcome: "completed",
      inputTokens: 1000,
      cachedTokens: 200,
      outputTokens: 500,
      reasoningTokens: 100,
      usageReported: true,
      batch: false,
      priced: true,
      priceId: "price_default_sandbox-chat",
      latencyMs: 250,
      ttftMs: 40,
      upstreamRequestId: "req_123",
    });
    // sandbox-chat: $0.40 input, $0.10 cached, $1.60 output per 1M tokens.
    expect(row.costNanoUsd).toBe(800n * 400n + 200n * 100n + 500n * 1600n);
    expect(row.startedAt.toISOString()).toBe("2026-03-01T10:00:00.000Z");
    expect(row.endedAt.toISOString()).toBe("2026-03-01T10:00:00.250Z");
  });

  test("usage reported as zero stays zero, and costs zero", async () => {
    const row = await recorded(usageEvent(randomUUID(), { inputTokens: 0, outputTokens: 0 }));
    expect(row).toMatchObject({ inputTokens: 0, cachedTokens: 0, outputTokens: 0, reasoningTokens: 0, priced: true });
    expect(row.costNanoUsd).toBe(0n);
  });

  test("a stream that ended without usage is kept as incomplete, with what is known", async () => {
    const row = await recorded(usageEvent(randomUUID(), { outcome: "incomplete", usageReported: false, inputTokens: 12, outputTokens: 0 }));
    expect(row).toMatchObject({ outcome: "incomplete", usageReported: false, inputTokens: 12, outputTokens: 0, priced: true });
    expect(row.costNanoUsd).toBe(12n * 400n);
  });

  test("a model without a price is unpriced (null, flagged), never $0", async () => {
    const row = await recorded(usageEvent(randomUUID(), { model: "mystery-model" }));
    expect(row).toMatchObject({ priced: false, priceId: null, costNanoUsd: null, inputTokens: 1000 });
  });

  test("a call that names no model and uses no tokens costs nothing", async () => {
    const row = await recorded(
      usageEvent(randomUUID(), { method: "GET", endpoint: "/files/{id}", model: null, inputTokens: 0, outputTokens: 0, ttftMs: null }),
    );
    expect(row).toMatchObject({ model: null, priced: true, priceId: null, costNanoUsd: 0n, ttftMs: null });
  });

  test("upstream errors are recorded too", async () => {
    const row = await recorded(
      usageEvent(randomUUID(), { status: 429, outcome: "upstream_error", inputTokens: 0, outputTokens: 0, usageReported: false }),
    );
    expect(row).toMatchObject({ status: 429, outcome: "upstream_error", costNanoUsd: 0n });
  });

  test("an upstream error that used nothing costs $0 even when its model has no price", async () => {
    const refused = { status: 404, outcome: "upstream_error" as const, inputTokens: 0, outputTokens: 0, usageReported: false };
    const row = await recorded(usageEvent(randomUUID(), { ...refused, model: "no-such-model" }));
    expect(row).toMatchObject({ model: "no-such-model", priced: true, priceId: null, costNanoUsd: 0n });
    // A call that was cut off may have been billed upstream: without a price, it stays unpriced.
    const cut = await recorded(
      usageEvent(randomUUID(), { status: 200, outcome: "incomplete", inputTokens: 0, outputTokens: 0, model: "no-such-model" }),
    );
    expect(cut).toMatchObject({ priced: false, costNanoUsd: null });
  });

  test("batch calls are priced at the batch discount", async () => {
    const row = await recorded(usageEvent(randomUUID(), { batch: true }));
    expect(row.costNanoUsd).toBe((1000n * 400n + 500n * 1600n) / 2n);
  });

  test("a price change applies from its date on and never rewrites past events", async () => {
    const project = randomUUID();
    const prisma = await db();
    const before = await recorded(usageEvent(project, { model: "sandbox-chat-mini", startedAt: "2026-01-10T00:00:00.000Z" }));
    await prisma.modelPrice.create({
      data: {
        model: "sandbox-chat-mini",
        effectiveFrom: new Date("2026-02-01T00:00:00.000Z"),
        inputMicrosPerMillion: 1_000_000,
        outputMicrosPerMillion: 1_000_000,
      },
    });
    const after = await recorded(usageEvent(project, { model: "sandbox-chat-mini", startedAt: "2026-02-01T00:00:01.000Z" }));
    // Started before the change, recorded after it: still the old price.
    const late = await recorded(usageEvent(project, { model: "sandbox-chat-mini", startedAt: "2026-01-31T23:59:59.000Z" }));

    const oldCost = 1000n * 100n + 500n * 400n;
    expect(after.costNanoUsd).toBe(1500n * 1000n);
    expect(late.costNanoUsd).toBe(oldCost);
    expect((await prisma.usageEvent.findUniqueOrThrow({ where: { id: before.id } })).costNanoUsd).toBe(oldCost);
  });

  test("values the database would refuse are mended rather than block the outbox", async () => {
    const project = randomUUID();
    const odd = usageEvent(project, { model: "bad\u0000model\ud800", endpoint: "/x".repeat(1000), startedAt: "not a date", latencyMs: -5 });
    const fine = usageEvent(project);
    recordUsageEvent(odd);
    recordUsageEvent(fine);
    await flushUsageEvents();
    const row = await (await db()).usageEvent.findUniqueOrThrow({ where: { id: odd.id } });
    expect(row).toMatchObject({ model: "bad\ufffdmodel\ufffd", priced: false, latencyMs: 0 });
    expect(row.endpoint).toHaveLength(500);
    expect(Math.abs(row.startedAt.getTime() - Date.now())).toBeLessThan(60_000);
    expect(await (await db()).usageEvent.count({ where: { projectId: project } })).toBe(2);
  });

  test("recording the same id again never counts it twice", async () => {
    const event = usageEvent(randomUUID());
    recordUsageEvent(event);
    recordUsageEvent({ ...event, inputTokens: 5 });
    await flushUsageEvents();
    recordUsageEvent(event);
    await flushUsageEvents();
    expect(await (await db()).usageEvent.count({ where: { projectId: event.projectId } })).toBe(1);
  });

  test("a batch of stored and new events, of several projects and models, stores each new one once, as sent", async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const stored = [usageEvent(a), usageEvent(b, { model: "sandbox-mini", outcome: "upstream_error", status: 400 })];
    await insertUsageEvents(stored);
    const fresh = [
      usageEvent(b, { model: "sandbox-mini", inputTokens: 7 }),
      usageEvent(a, { apiKeyId: "key_1", source: "gateway", ttftMs: null, latencyMs: 1234 }),
      usageEvent(a, { inputTokens: 3 }),
    ];
    // Interleaved, so each event's shared values are not the ones before it; and the stored ones again.
    await insertUsageEvents([fresh[0], stored[0], fresh[1], stored[1], fresh[2]]);

    const prisma = await db();
    const rows = await prisma.usageEvent.findMany({ where: { projectId: { in: [a, b] } } });
    expect(rows.map((row) => row.id).sort()).toEqual([...stored, ...fresh].map((event) => event.id).sort());
    for (const event of [...stored, ...fresh]) {
      const row = rows.find((r) => r.id === event.id);
      expect(row).toMatchObject({
        projectId: event.projectId,
        apiKeyId: event.apiKeyId,
        source: event.source,
        model: event.model,
        status: event.status,
        outcome: event.outcome,
        inputTokens: event.inputTokens,
        latencyMs: event.latencyMs,
        ttftMs: event.ttftMs,
      });
      expect(row?.endedAt.getTime()).toBe(new Date(event.startedAt).getTime() + event.latencyMs);
    }
    const hourly = await prisma.usageHourly.aggregate({
      where: { projectId: { in: [a, b] } },
      _sum: { requests: true, inputTokens: true },
    });
    expect(hourly._sum).toEqual({ requests: 5, inputTokens: BigInt(1000 + 1000 + 7 + 1000 + 3) });
  });

  test("10,000 events are recorded at once and all stored after a flush", async () => {
    const project = randomUUID();
    const events = Array.from({ length: 10_000 }, () => usageEvent(project));
    const started = performance.now();
    for (const event of events) recordUsageEvent(event);
    const elapsed = performance.now() - started;
    // A sanity check that recording stays off the critical path, not a benchmark.
    expect(elapsed).toBeLessThan(3000);
    await flushUsageEvents();
    expect(await (await db()).usageEvent.count({ where: { projectId: project } })).toBe(10_000);
    expect(fs.readdirSync(usageOutboxDir()).filter((name) => name.includes(".jsonl"))).toEqual([]);
  });
});
