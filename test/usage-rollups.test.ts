import { randomUUID } from "node:crypto";
import { describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import type { UsageEventInput } from "@/lib/usage/event";
import { latencyQuantile } from "@/lib/usage/latency";
import { sumFigures, usageReport } from "@/lib/usage/query";
import type { UsageQuery } from "@/lib/usage/schema";
import { insertUsageEvents } from "@/lib/usage/store";
import { databaseKindUnderTest } from "./support/database";
import {
  addEvent,
  emptyMeasures,
  expectedRollups,
  RAW_EVENT_COLUMNS,
  type RawEvent,
  reportDay,
  rollupRowsSql,
  rowsByKey,
} from "./support/usage-rollups";

// The rollups (wide hourly, and per dimension by UTC day and by hour) are kept in the statement
// that inserts the events. These prove that they always agree with the events: under concurrent
// and repeated writes, in any time zone, and that the usage page's totals add up whichever way
// they are grouped.

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

async function rawEvents(projectIds: string[]): Promise<RawEvent[]> {
  const prisma = await db();
  return prisma.$queryRawUnsafe<RawEvent[]>(
    `SELECT ${RAW_EVENT_COLUMNS} FROM "UsageEvent" WHERE "projectId" = ANY($1::text[])`,
    projectIds,
  );
}

/** Every row of every rollup of these projects is what the events make it, and no other row exists. */
async function expectRollupsMatchEvents(projectIds: string[]) {
  const prisma = await db();
  const expected = expectedRollups(await rawEvents(projectIds));
  for (const [table, rows] of Object.entries(expected)) {
    const actual = rowsByKey(await prisma.$queryRawUnsafe<Record<string, string>[]>(rollupRowsSql(table), projectIds));
    expect({ table, rows: Object.fromEntries(actual) }).toEqual({ table, rows: Object.fromEntries(rows) });
  }
}

type Filters = Pick<UsageQuery, "model" | "apiKeyId" | "userId" | "endpoint">;

/** The report's rows and latency worked out from the raw events, bucketed as the rollups bucket them. */
function reportFromEvents(events: RawEvent[], q: Pick<UsageQuery, "tz" | "from" | "to" | "groupBy"> & Filters) {
  const none = (value: string | undefined) => (value === "-" ? "" : value);
  const groupOf = (e: RawEvent) =>
    ({ model: e.model ?? "", key: e.apiKeyId ?? "", user: e.userId ?? "", endpoint: e.endpoint, project: e.projectId, none: "" })[
      q.groupBy
    ];
  const cells = new Map<string, ReturnType<typeof emptyMeasures>>();
  const days = new Map<string, ReturnType<typeof emptyMeasures>>();
  for (const e of events) {
    if (q.model !== undefined && (e.model ?? "") !== none(q.model)) continue;
    if (q.apiKeyId !== undefined && (e.apiKeyId ?? "") !== none(q.apiKeyId)) continue;
    if (q.userId !== undefined && (e.userId ?? "") !== none(q.userId)) continue;
    if (q.endpoint !== undefined && e.endpoint !== q.endpoint) continue;
    const day = reportDay(e.startedAt, q.tz);
    if (day < q.from || day > q.to) continue;
    const cell = `${day}|${groupOf(e)}`;
    for (const [map, key] of [
      [cells, cell],
      [days, day],
    ] as const) {
      const sums = map.get(key) ?? emptyMeasures();
      addEvent(sums, e);
      map.set(key, sums);
    }
  }
  const rows = [...cells]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([cell, m]) => {
      const [day, group] = cell.split("|");
      return {
        day,
        group,
        requests: Number(m.requests),
        errors: Number(m.errors),
        unpriced: Number(m.unpriced),
        inputTokens: Number(m.inputTokens),
        cachedTokens: Number(m.cachedTokens),
        outputTokens: Number(m.outputTokens),
        reasoningTokens: Number(m.reasoningTokens),
        costNanoUsd: m.costNanoUsd.toString(),
      };
    });
  const latency = [...days]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([day, m]) => {
      const histogram = Array.from({ length: 16 }, (_, i) => Number(m[`lat${i}`]));
      return { day, p50: latencyQuantile(histogram, 0.5), p95: latencyQuantile(histogram, 0.95) };
    });
  return { rows, latency };
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
    await expectRollupsMatchEvents(projects);
    // Some 20,000 row writes through the outbox's statement; slow on a busy two-core machine.
  }, 180_000);

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

  test("every report agrees with the raw events, in any time zone, across daylight-saving changes", async () => {
    const rnd = random(2026);
    const projects = Array.from({ length: 3 }, (_, i) => `tzs-${i}-${randomUUID().slice(0, 6)}`);
    // 2026-03-01 to 2026-04-11 UTC: New York's change (Mar 8), Europe's (Mar 29), and the end of
    // summer time in Sydney, Lord Howe (a half-hour change) and Santiago (Apr 5).
    const first = Date.UTC(2026, 2, 1);
    const events = Array.from({ length: 2500 }, () => {
      const viaKey = rnd() < 0.7;
      return event({
        projectId: projects[Math.floor(rnd() * projects.length)],
        source: viaKey ? "gateway" : "console",
        apiKeyId: viaKey ? `key_${Math.floor(rnd() * 6)}` : null,
        userId: viaKey && rnd() < 0.7 ? null : `user_${Math.floor(rnd() * 3)}`,
        model: ["sandbox-chat", "gpt-4.1", "mystery-model", null][Math.floor(rnd() * 4)],
        endpoint: ["/responses", "/chat/completions", "/embeddings"][Math.floor(rnd() * 3)],
        outcome: rnd() < 0.1 ? "upstream_error" : "completed",
        inputTokens: Math.floor(rnd() * 20000),
        cachedTokens: Math.floor(rnd() * 1000),
        outputTokens: Math.floor(rnd() * 8000),
        reasoningTokens: Math.floor(rnd() * 500),
        latencyMs: Math.floor(rnd() ** 2 * 30000),
        startedAt: new Date(first + Math.floor(rnd() * 41 * 86_400_000)).toISOString(),
      });
    });
    await insertUsageEvents(events);
    await expectRollupsMatchEvents(projects);
    const raw = await rawEvents(projects);

    const zones = [
      "UTC",
      "Europe/Paris",
      "America/New_York",
      "America/Los_Angeles",
      "America/St_Johns", // −3:30
      "America/Santiago",
      "Asia/Kolkata", // +5:30
      "Asia/Kathmandu", // +5:45
      "Asia/Tokyo",
      "Australia/Lord_Howe", // +11 to +10:30
      "Pacific/Kiritimati", // +14
      "Pacific/Pago_Pago", // −11
    ];
    const views: (Pick<UsageQuery, "groupBy"> & Filters)[] = [
      ...(["model", "key", "user", "endpoint", "project", "none"] as const).map((groupBy) => ({ groupBy })),
      { groupBy: "model", model: "gpt-4.1" },
      { groupBy: "project", model: "gpt-4.1" },
      { groupBy: "none", model: "-" },
      { groupBy: "key", apiKeyId: "key_1" },
      { groupBy: "model", apiKeyId: "key_1" }, // the wide rollup
      { groupBy: "none", apiKeyId: "-" },
      { groupBy: "endpoint", userId: "user_1", endpoint: "/responses" }, // two filters: the wide rollup
      { groupBy: "project", endpoint: "/embeddings" },
    ];
    // Every view over five weeks, and short ranges (whose first and last UTC days are partly
    // outside them) around the changes.
    const cases = zones.flatMap((tz) => [
      ...views.map((view) => ({ tz, from: "2026-03-03", to: "2026-04-08", ...view })),
      ...(["key", "none"] as const).flatMap((groupBy) => [
        { tz, from: "2026-03-29", to: "2026-03-29", groupBy },
        { tz, from: "2026-04-05", to: "2026-04-06", groupBy },
      ]),
    ]);
    for (const q of cases) {
      const report = await usageReport(query(q), { projectIds: projects });
      expect({ q, rows: report.rows, latency: report.latency }).toEqual({ q, ...reportFromEvents(raw, q) });
    }
  }, 180_000);
});
