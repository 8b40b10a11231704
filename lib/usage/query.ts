import "server-only";
import { db } from "@/lib/db/client";
import { apiKeyLabels } from "./labels";
import { LATENCY_COLUMNS, latencyQuantile } from "./latency";
import { localDayPlan } from "./local-days";
import { figuresSql, readsNarrowRollups, type UsageScope } from "./report-sql";
import type { GroupBy, UsageQuery } from "./schema";

// The usage page's figures, read from the rollups (never from raw events) and bucketed into days of
// the viewer's time zone: each hour is given its local day on its own, so a day of 23 or 25 hours
// across a daylight-saving change gets exactly its own hours (ADR 0013, ADR 0018).

export interface UsageFigures {
  requests: number;
  errors: number;
  unpriced: number;
  inputTokens: number;
  cachedTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  /** Nano-dollars as a decimal string (exact); the cost of priced requests only. */
  costNanoUsd: string;
}

export interface UsageRow extends UsageFigures {
  day: string;
  group: string;
}

export interface UsageReport {
  from: string;
  to: string;
  tz: string;
  groupBy: GroupBy;
  days: string[];
  groups: { id: string; label: string }[];
  rows: UsageRow[];
  latency: { day: string; p50: number | null; p95: number | null }[];
  totals: UsageFigures;
}

export type { UsageScope };

const MEASURES = ["requests", "errors", "unpriced", "inputTokens", "cachedTokens", "outputTokens", "reasoningTokens", "costNanoUsd"];
// Latency is charted per day whatever the grouping; requests tell a day with calls from one without.
const LATENCY = ["requests", ...LATENCY_COLUMNS];

export async function usageReport(query: UsageQuery, scope: UsageScope = {}): Promise<UsageReport> {
  const prisma = await db();
  const narrow = readsNarrowRollups(query, query.groupBy) || readsNarrowRollups(query, "none");
  const plan = narrow ? await localDayPlan(query.tz, query.from, query.to) : undefined;
  const series = figuresSql(query, scope, query.groupBy, MEASURES, plan);
  // Latency per day, from the project totals unless a filter narrows them (then from its slice).
  const latency = figuresSql(query, scope, "none", LATENCY, plan);
  const [raw, histograms] = await Promise.all([
    prisma.$queryRawUnsafe<Record<string, string>[]>(series.sql, ...series.params),
    prisma.$queryRawUnsafe<Record<string, string>[]>(latency.sql, ...latency.params),
  ]);
  const rows = raw.map((row): UsageRow => ({ day: row.day, group: row.group, ...figures(row) }));
  const groupIds = [...new Set(rows.map((row) => row.group))];
  return {
    from: query.from,
    to: query.to,
    tz: query.tz,
    groupBy: query.groupBy,
    days: daysBetween(query.from, query.to),
    groups: await groupLabels(query.groupBy, groupIds),
    rows,
    latency: histograms.map((row) => {
      const histogram = LATENCY_COLUMNS.map((c) => Number(row[c]));
      return { day: row.day, p50: latencyQuantile(histogram, 0.5), p95: latencyQuantile(histogram, 0.95) };
    }),
    totals: sumFigures(rows),
  };
}

function figures(row: Record<string, string>): UsageFigures {
  return {
    requests: Number(row.requests ?? 0),
    errors: Number(row.errors ?? 0),
    unpriced: Number(row.unpriced ?? 0),
    inputTokens: Number(row.inputTokens ?? 0),
    cachedTokens: Number(row.cachedTokens ?? 0),
    outputTokens: Number(row.outputTokens ?? 0),
    reasoningTokens: Number(row.reasoningTokens ?? 0),
    // The database's text of a bigint: exact, and already in canonical form.
    costNanoUsd: row.costNanoUsd ?? "0",
  };
}

export function sumFigures(rows: UsageFigures[]): UsageFigures {
  const total = { requests: 0, errors: 0, unpriced: 0, inputTokens: 0, cachedTokens: 0, outputTokens: 0, reasoningTokens: 0 };
  // Costs add as plain numbers while they stay exact, and as a bigint past that: a report of
  // tens of thousands of rows spent more time in BigInt parsing than in its query's output.
  let cost = 0n;
  let pending = 0;
  for (const row of rows) {
    total.requests += row.requests;
    total.errors += row.errors;
    total.unpriced += row.unpriced;
    total.inputTokens += row.inputTokens;
    total.cachedTokens += row.cachedTokens;
    total.outputTokens += row.outputTokens;
    total.reasoningTokens += row.reasoningTokens;
    const n = Number(row.costNanoUsd);
    if (Number.isSafeInteger(n) && Number.isSafeInteger(pending + n)) {
      pending += n;
    } else {
      cost += BigInt(pending) + BigInt(row.costNanoUsd);
      pending = 0;
    }
  }
  return { ...total, costNanoUsd: (cost + BigInt(pending)).toString() };
}

async function groupLabels(groupBy: GroupBy, ids: string[]): Promise<{ id: string; label: string }[]> {
  const prisma = await db();
  const named = new Map<string, string>();
  if (groupBy === "user") {
    const users = await prisma.user.findMany({ where: { id: { in: ids.filter(Boolean) } }, select: { id: true, name: true } });
    for (const user of users) named.set(user.id, user.name);
  } else if (groupBy === "project") {
    const projects = await prisma.project.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
    for (const project of projects) named.set(project.id, project.name);
  } else if (groupBy === "key") {
    for (const [id, label] of await apiKeyLabels(ids)) named.set(id, label);
  }
  return ids.map((id) => ({ id, label: named.get(id) ?? emptyLabel(groupBy, id) }));
}

function emptyLabel(groupBy: GroupBy, id: string): string {
  if (id) return groupBy === "user" ? `deleted user …${id.slice(-6)}` : id;
  if (groupBy === "key") return "Console (no key)";
  if (groupBy === "user") return "API keys (no person)";
  if (groupBy === "model") return "(no model)";
  return "All";
}

export function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = nextDay(day)) days.push(day);
  return days;
}

/** Today's date (YYYY-MM-DD) in a time zone. */
export function todayIn(tz: string, now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

export interface MonthToDate {
  month: string;
  costNanoUsd: string;
  unpriced: number;
  /** The month's cost if the rest of it goes as it went so far. */
  projectedNanoUsd: string;
  budgetMicros: string | null;
}

/** The project's cost this calendar month (in the viewer's time zone), its projection and its budget. */
export async function monthToDate(projectId: string, tz: string, now = new Date()): Promise<MonthToDate> {
  const today = todayIn(tz, now);
  const first = `${today.slice(0, 8)}01`;
  const report = await usageReport(
    {
      from: first,
      to: today,
      tz,
      groupBy: "none",
      model: undefined,
      apiKeyId: undefined,
      userId: undefined,
      endpoint: undefined,
      projectId: undefined,
    },
    { projectIds: [projectId] },
  );
  const prisma = await db();
  const settings = await prisma.projectUsageSettings.findUnique({ where: { projectId }, select: { monthlyBudgetMicros: true } });
  const [year, month] = today.split("-").map(Number);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  // Elapsed share of the month in the viewer's zone, to the minute.
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone: tz, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(now);
  const hour = Number(parts.find((p) => p.type === "hour")?.value ?? 0);
  const minute = Number(parts.find((p) => p.type === "minute")?.value ?? 0);
  const elapsedMinutes = (Number(today.slice(8)) - 1) * 1440 + hour * 60 + minute;
  const cost = BigInt(report.totals.costNanoUsd);
  const projected = elapsedMinutes > 0 ? (cost * BigInt(daysInMonth * 1440)) / BigInt(elapsedMinutes) : cost;
  return {
    month: today.slice(0, 7),
    costNanoUsd: cost.toString(),
    unpriced: report.totals.unpriced,
    projectedNanoUsd: projected.toString(),
    budgetMicros: settings?.monthlyBudgetMicros?.toString() ?? null,
  };
}
