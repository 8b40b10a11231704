import "server-only";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/http/errors";
import { apiKeyLabels } from "./labels";
import type { LogsQuery } from "./schema";
import { usageSettings } from "./settings";

// The request log of a project: its usage events, newest first, a page at a time. With the
// project's request log "off" nothing is listed (the events still count in usage figures).

const SELECT = {
  id: true,
  startedAt: true,
  userId: true,
  apiKeyId: true,
  source: true,
  method: true,
  endpoint: true,
  model: true,
  status: true,
  outcome: true,
  inputTokens: true,
  cachedTokens: true,
  outputTokens: true,
  reasoningTokens: true,
  costNanoUsd: true,
  priced: true,
  latencyMs: true,
  ttftMs: true,
  upstreamRequestId: true,
} as const;

type EventRow = Prisma.UsageEventGetPayload<{ select: typeof SELECT }>;

export interface LogEntry extends Omit<EventRow, "costNanoUsd" | "startedAt"> {
  startedAt: string;
  costNanoUsd: string | null;
  who: string;
}

function cursorOf(row: { startedAt: Date; id: string }): string {
  return `${row.startedAt.toISOString()}_${row.id}`;
}

function parseCursor(cursor: string): { startedAt: Date; id: string } {
  const at = cursor.indexOf("_");
  const startedAt = new Date(cursor.slice(0, at));
  if (at < 0 || Number.isNaN(startedAt.getTime())) throw new AppError("bad_request", "The page cursor is not valid", "before");
  return { startedAt, id: cursor.slice(at + 1) };
}

export async function listRequestLog(projectId: string, query: LogsQuery) {
  const settings = await usageSettings(projectId);
  if (settings.requestLog === "off") return { mode: settings.requestLog, entries: [], next: null };
  const where: Prisma.UsageEventWhereInput = { projectId };
  if (query.model) where.model = query.model;
  if (query.endpoint) where.endpoint = query.endpoint;
  if (query.apiKeyId) where.apiKeyId = query.apiKeyId;
  if (query.userId) where.userId = query.userId;
  if (query.source) where.source = query.source;
  if (query.status === "error") where.status = { gte: 400 };
  if (query.status === "ok") where.status = { lt: 400 };
  const and: Prisma.UsageEventWhereInput[] = [];
  if (query.q) {
    const q = query.q.trim();
    and.push({
      OR: [
        { id: q },
        { upstreamRequestId: { contains: q } },
        { model: { contains: q, mode: "insensitive" } },
        { endpoint: { contains: q } },
      ],
    });
  }
  if (query.before) {
    const c = parseCursor(query.before);
    and.push({ OR: [{ startedAt: { lt: c.startedAt } }, { startedAt: c.startedAt, id: { lt: c.id } }] });
  }
  if (and.length) where.AND = and;
  const prisma = await db();
  const rows = await prisma.usageEvent.findMany({
    where,
    select: SELECT,
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  return {
    mode: settings.requestLog,
    entries: await withNames(page),
    next: rows.length > query.limit ? cursorOf(page[page.length - 1]) : null,
  };
}

async function withNames(rows: EventRow[]): Promise<LogEntry[]> {
  const prisma = await db();
  const userIds = [...new Set(rows.flatMap((r) => (r.userId ? [r.userId] : [])))];
  const users = new Map(
    (await prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]),
  );
  const keys = await apiKeyLabels(rows.flatMap((r) => (r.apiKeyId ? [r.apiKeyId] : [])));
  return rows.map((row) => ({
    ...row,
    startedAt: row.startedAt.toISOString(),
    costNanoUsd: row.priced ? (row.costNanoUsd?.toString() ?? "0") : null,
    who: row.apiKeyId ? (keys.get(row.apiKeyId) ?? row.apiKeyId) : row.userId ? (users.get(row.userId) ?? "deleted user") : "—",
  }));
}

/** One logged call with its bodies (when the project kept them). */
export async function requestLogEntry(projectId: string, eventId: string) {
  const prisma = await db();
  const row = await prisma.usageEvent.findFirst({ where: { id: eventId, projectId }, select: SELECT });
  if (!row) throw new AppError("not_found", "No such request in this project's log");
  const bodies = await prisma.requestLogBody.findFirst({
    where: { eventId, projectId },
    select: { requestBody: true, responseBody: true, truncated: true },
  });
  const [entry] = await withNames([row]);
  return { entry, bodies };
}

/** Deletes logged bodies older than each project's retention. Answers how many went. */
export async function purgeRequestLogBodies(): Promise<number> {
  const prisma = await db();
  return prisma.$executeRawUnsafe(`
    DELETE FROM "RequestLogBody" b
    WHERE b."startedAt" < (now() AT TIME ZONE 'UTC') - make_interval(days => coalesce(
      (SELECT s."bodyRetentionDays" FROM "ProjectUsageSettings" s WHERE s."projectId" = b."projectId"), 7))`);
}

const PURGE_EVERY_MS = 60 * 60 * 1000;
const PURGE_KEY = Symbol.for("switchboard.requestLogPurge");
type PurgeHolder = { [PURGE_KEY]?: NodeJS.Timeout };

/** At server start: purge now and every hour. Every replica may run it; the deletes are idempotent. */
export function startRequestLogPurge(): void {
  const holder = globalThis as unknown as PurgeHolder;
  if (holder[PURGE_KEY]) return;
  const run = () =>
    purgeRequestLogBodies().catch((error) =>
      console.error("[usage] request log purge failed:", error instanceof Error ? error.message : error),
    );
  void run();
  holder[PURGE_KEY] = setInterval(run, PURGE_EVERY_MS);
  holder[PURGE_KEY].unref();
}

export function stopRequestLogPurge(): void {
  const holder = globalThis as unknown as PurgeHolder;
  clearInterval(holder[PURGE_KEY]);
  delete holder[PURGE_KEY];
}
