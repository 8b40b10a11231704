import "server-only";
import type { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import type { SessionUser } from "@/lib/auth/session";
import { nowMs } from "@/lib/clock";
import { db } from "@/lib/db/client";
import type { RequestMeta } from "@/lib/http/handler";
import { dueForRenewal, SingleFlight } from "@/lib/single-flight";
import type { RequestLogMode, usageSettingsInput } from "./schema";

export interface UsageSettings {
  monthlyBudgetUsd: number | null;
  requestLog: RequestLogMode;
  bodyRetentionDays: number;
}

const DEFAULTS: UsageSettings = { monthlyBudgetUsd: null, requestLog: "metadata", bodyRetentionDays: 7 };

export async function usageSettings(projectId: string): Promise<UsageSettings> {
  const prisma = await db();
  const row = await prisma.projectUsageSettings.findUnique({ where: { projectId } });
  if (!row) return DEFAULTS;
  return {
    monthlyBudgetUsd: row.monthlyBudgetMicros === null ? null : Number(row.monthlyBudgetMicros) / 1e6,
    requestLog: row.requestLog as RequestLogMode,
    bodyRetentionDays: row.bodyRetentionDays,
  };
}

export async function updateUsageSettings(
  actor: SessionUser,
  projectId: string,
  input: z.infer<typeof usageSettingsInput>,
  meta: RequestMeta,
): Promise<UsageSettings> {
  const prisma = await db();
  await prisma.$transaction(async (tx) => {
    const before = await tx.projectUsageSettings.findUnique({ where: { projectId } });
    const data = {
      monthlyBudgetMicros:
        input.monthlyBudgetUsd === undefined
          ? undefined
          : input.monthlyBudgetUsd === null
            ? null
            : BigInt(Math.round(input.monthlyBudgetUsd * 1e6)),
      requestLog: input.requestLog,
      bodyRetentionDays: input.bodyRetentionDays,
    };
    const after = await tx.projectUsageSettings.upsert({ where: { projectId }, create: { projectId, ...data }, update: data });
    const shown = (row: typeof before) =>
      row
        ? {
            monthlyBudgetMicros: row.monthlyBudgetMicros?.toString() ?? null,
            requestLog: row.requestLog,
            bodyRetentionDays: row.bodyRetentionDays,
          }
        : null;
    await recordAudit(
      {
        actorId: actor.id,
        action: "project.usage_settings.update",
        targetType: "project",
        targetId: projectId,
        projectId,
        before: shown(before),
        after: shown(after),
        ...meta,
      },
      tx,
    );
  });
  modeCache.delete(projectId);
  modeReading.forget(projectId);
  return usageSettings(projectId);
}

// The forwarding core asks on every call whether to keep bodies; a few seconds' staleness after a
// change is the price of not adding a query to each call.
const MODE_TTL_MS = 5000;
const modeCache = new Map<string, { mode: RequestLogMode; readAt: number }>();
const modeReading = new SingleFlight<string, RequestLogMode>();

/**
 * Synchronous while cached (every call of a busy project). In the entry's last quarter, a call
 * also starts the next read, so that a busy project's calls never wait for one.
 */
export function requestLogMode(projectId: string, now = nowMs()): RequestLogMode | Promise<RequestLogMode> {
  const cached = modeCache.get(projectId);
  const age = cached ? now - cached.readAt : Number.POSITIVE_INFINITY;
  if (cached && !dueForRenewal(age, MODE_TTL_MS)) return cached.mode;
  // Never rejects: without the setting, no bodies are kept.
  const reading = modeReading.run(projectId, () => readRequestLogMode(projectId, now));
  return !cached || age >= MODE_TTL_MS ? reading : cached.mode;
}

async function readRequestLogMode(projectId: string, now: number): Promise<RequestLogMode> {
  let mode: RequestLogMode = DEFAULTS.requestLog;
  try {
    const prisma = await db();
    const row = await prisma.projectUsageSettings.findUnique({ where: { projectId }, select: { requestLog: true } });
    mode = (row?.requestLog as RequestLogMode | undefined) ?? DEFAULTS.requestLog;
  } catch {
    // Logging must never break the call; without the setting, keep no bodies.
    return "metadata";
  }
  if (modeCache.size > 1000) modeCache.clear();
  modeCache.set(projectId, { mode, readAt: now });
  return mode;
}
