import { randomUUID } from "node:crypto";
import { describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import type { UsageEventInput } from "@/lib/usage/event";
import { sumFigures, usageReport } from "@/lib/usage/query";
import type { UsageQuery } from "@/lib/usage/schema";
import { insertUsageEvents } from "@/lib/usage/store";
import { databaseKindUnderTest } from "./support/database";

// The hourly rollups are kept in the statement that inserts the events. These prove that they
// always agree with the events: under concurrent and repeated writes, in any time zone, and that
// the usage page's totals add up whichever way they are grouped.

function event(overrides: Partial<UsageEventInput> = {}): UsageEventInput {
  return {
    id: randomUUID(),
    projectId: "p1",
    userId: null,
    apiKeyId: null,
    source: "console",
    method: "POST",
    endpoint: "/responses",
    model: "sandbox-chat",
    status: 200,
    outcome: "completed",
    inputTokens: 100,
    cachedTokens: 0,
    outputTokens: 50,
    reasoningTokens: 0,
    usageReported: true,
    batch: false,
    startedAt: "2026-02-10T12:00:00.000Z",
    latencyMs: 300,
    ttftMs: null,
    upstreamRequestId: null,
    ...overrides,
  };
}

// A seeded generator, so a failure can be replayed.
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

function query(overrides: Partial<UsageQuery>): UsageQuery {
  return { from: "2026-01-01", to: "2026-12-31", tz: "UTC", groupBy: "model", ...overrides } as UsageQuery;
}

async function eventTotals(where: string, params: unknown[] = []) {
  const prisma = await db();
  const [row] = await prisma.$queryRawUnsafe<Record<string, string>[]>(
    `SELECT count(*)::text AS requests, coalesce(sum("inputTokens"),0)::text AS input, coalesce(sum("outputTokens"),0)::text AS output,
            coalesce(sum("costNanoUsd") FILTER (WHERE priced),0)::text AS cost, count(*) FILTER (WHERE NOT priced)::text AS unpriced
     FROM "UsageEvent" WHERE ${where}`,
    ...params,
  );
  return row;
}

describe(`usage rollups on ${databaseKindUnderTest()}`, () => {
  test("concurrent and repeated writes of the same events count each exactly once", async () => {
    const rnd = random(7);
    const projects = ["c1", "c2", "c3"];
    const events = Array.from({ length: 1200 }, () =>
      event({
        projectId: projects[Math.floor(rnd() * 3)],
        apiKeyId: rnd() < 0.5 ? `key_${Math.floor(rnd() * 5)}` : null,
        userId: rnd() < 0.5 ? "u1" : null,
        model: ["sandbox-chat", "sandbox-chat-mini", "no-price-model"][Math.floor(rnd() * 3)],
        inputTokens: Math.floor(rnd() * 5000),
        outputTokens: Math.floor(rnd() * 2000),
        latencyMs: Math.floor(rnd() * 4000),
        outcome: rnd() < 0.1 ? "upstream_error" : "completed",
        startedAt: new Date(Date.UTC(2026, 1, 10, Math.floor(rnd() * 6), Math.floor(rnd() * 60))).toISOString(),
      }),
    );
    // Eight writers, each with an overlapping, shuffled share: every event is written 2–3 times.
    const batches = Array.from({ length: 8 }, (_, i) =>
      events
        .filter((_, n) => (n + i) % 3 !== 0)
        .sort(() => rnd() - 0.5)
        .slice(0, 900 + i * 10),
    );
    batches.push(events);
    await Promise.all(batches.map((batch) => insertUsageEvents(batch)));
    await Promise.all(batches.slice(0, 3).map((batch) => insertUsageEvents(batch)));

    const prisma = await db();
    expect(await prisma.usageEvent.count({ where: { projectId: { in: projects } } })).toBe(events.length);
    for (const projectId of projects) {
      const truth = await eventTotals(`"projectId" = $1`, [projectId]);
      for (const groupBy of ["model", "key"] as const) {
        const report = await usageReport(query({ groupBy, from: "2026-02-10", to: "2026-02-10" }), { projectIds: [projectId] });
        expect(report.totals.requests).toBe(Number(truth.requests));
        expect(report.totals.inputTokens).toBe(Number(truth.input));
        expect(report.totals.outputTokens).toBe(Number(truth.output));
        expect(report.totals.costNanoUsd).toBe(truth.cost);
        expect(report.totals.unpriced).toBe(Number(truth.unpriced));
      }
    }
    const [{ latency }] = await prisma.$queryRawUnsafe<{ latency: string }[]>(
      `SELECT sum(${Array.from({ length: 16 }, (_, i) => `"lat${i}"`).join("+")})::text AS latency FROM "UsageHourly" WHERE "projectId" = ANY($1::text[])`,
      projects,
    );
    expect(Number(latency)).toBe(events.length);
    // Some 11,000 row writes through the outbox's statement; slow on a busy two-core machine.
  }, 120_000);

  test("days are the viewer's own, across daylight-saving changes", async () => {
    const projectId = `tz-${randomUUID()}`;
    // Paris moves to summer time on 2026-03-29 at 01:00 UTC: that day has 23 hours, 22:00–21:00 UTC.
    const at = (iso: string) => event({ projectId, startedAt: iso });
    await insertUsageEvents([
      at("2026-03-28T22:59:00.000Z"), // 23:59 on the 28th in Paris
      at("2026-03-28T23:00:00.000Z"), // 00:00 on the 29th
      at("2026-03-29T21:59:00.000Z"), // 23:59 on the 29th (summer time)
      at("2026-03-29T22:00:00.000Z"), // 00:00 on the 30th
      // New York moves on 2026-03-08 at 07:00 UTC; its 8th runs 05:00–04:00 UTC.
      at("2026-03-08T04:59:00.000Z"), // 23:59 on the 7th in New York
      at("2026-03-08T05:00:00.000Z"), // 00:00 on the 8th
      at("2026-03-09T03:59:00.000Z"), // 23:59 on the 8th (daylight time)
      at("2026-03-09T04:00:00.000Z"), // 00:00 on the 9th
    ]);
    const perDay = async (tz: string, from: string, to: string) => {
      const report = await usageReport(query({ tz, from, to, groupBy: "none" }), { projectIds: [projectId] });
      return Object.fromEntries(report.rows.map((row) => [row.day, row.requests]));
    };
    expect(await perDay("Europe/Paris", "2026-03-28", "2026-03-30")).toEqual({ "2026-03-28": 1, "2026-03-29": 2, "2026-03-30": 1 });
    expect(await perDay("America/New_York", "2026-03-07", "2026-03-09")).toEqual({ "2026-03-07": 1, "2026-03-08": 2, "2026-03-09": 1 });
    expect(await perDay("UTC", "2026-03-08", "2026-03-09")).toEqual({ "2026-03-08": 2, "2026-03-09": 2 });
    // The range ends at the viewer's midnight: the 29th alone in Paris is its 23 hours.
    expect(await perDay("Europe/Paris", "2026-03-29", "2026-03-29")).toEqual({ "2026-03-29": 2 });
  });

  test("totals add up: keys plus the console make the project, projects make the instance", async () => {
    const rnd = random(42);
    const projects = Array.from({ length: 4 }, (_, i) => `sum-${i}-${randomUUID().slice(0, 6)}`);
    const events = Array.from({ length: 800 }, () => {
      const viaKey = rnd() < 0.6;
      return event({
        projectId: projects[Math.floor(rnd() * projects.length)],
        source: viaKey ? "gateway" : "console",
        apiKeyId: viaKey ? `key_${Math.floor(rnd() * 7)}` : null,
        userId: viaKey ? null : `user_${Math.floor(rnd() * 3)}`,
        model: ["sandbox-chat", "sandbox-reasoning", "gpt-4.1", "mystery-model", null][Math.floor(rnd() * 5)],
        endpoint: ["/responses", "/chat/completions", "/embeddings"][Math.floor(rnd() * 3)],
        inputTokens: Math.floor(rnd() * 20000),
        cachedTokens: Math.floor(rnd() * 1000),
        outputTokens: Math.floor(rnd() * 8000),
        reasoningTokens: Math.floor(rnd() * 500),
        startedAt: new Date(Date.UTC(2026, 4, 1) + Math.floor(rnd() * 30 * 86_400_000)).toISOString(),
      });
    });
    await insertUsageEvents(events);
    const range = { from: "2026-04-30", to: "2026-06-01", tz: "Asia/Tokyo" };
    const keys = ["requests", "inputTokens", "cachedTokens", "outputTokens", "reasoningTokens", "unpriced", "costNanoUsd"] as const;
    const pick = (f: ReturnType<typeof sumFigures>) => Object.fromEntries(keys.map((k) => [k, f[k]]));
    let instanceFromProjects = sumFigures([]);
    for (const projectId of projects) {
      const total = await usageReport(query({ ...range, groupBy: "none" }), { projectIds: [projectId] });
      for (const groupBy of ["key", "user", "model", "endpoint"] as const) {
        const grouped = await usageReport(query({ ...range, groupBy }), { projectIds: [projectId] });
        const byGroup = new Map<string, ReturnType<typeof sumFigures>>();
        for (const group of grouped.groups) byGroup.set(group.id, sumFigures(grouped.rows.filter((r) => r.group === group.id)));
        expect(pick(sumFigures([...byGroup.values()]))).toEqual(pick(total.totals));
      }
      const byKey = await usageReport(query({ ...range, groupBy: "key" }), { projectIds: [projectId] });
      const console = byKey.rows.filter((r) => r.group === "");
      expect(console.length).toBeGreaterThan(0);
      instanceFromProjects = sumFigures([instanceFromProjects, total.totals]);
    }
    const instance = await usageReport(query({ ...range, groupBy: "project" }), { projectIds: projects });
    expect(pick(instance.totals)).toEqual(pick(instanceFromProjects));
    expect(instance.totals.requests).toBe(events.length);
  });
});
