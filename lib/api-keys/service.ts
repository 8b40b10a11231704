import "server-only";
import type { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { projectRoleAllows } from "@/lib/auth/permissions";
import type { ProjectAccess } from "@/lib/auth/project-access";
import type { SessionUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { generateKeySecret, hashKeySecret, lastFourOf } from "@/lib/gateway/key-secret";
import { forgetKey } from "@/lib/gateway/keys";
import { monthOf } from "@/lib/gateway/limits";
import { Prisma } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/http/errors";
import type { RequestMeta } from "@/lib/http/handler";
import type { createKeyInput, KeyPermissions, updateKeyInput } from "./schema";
import type { KeyStatus, KeyView } from "./types";

export type { KeyStatus, KeyView };

// Project API keys: created by project admins, shown once, kept as a hash; rolled with a grace
// period for the old secret; revoked at once. Every change is audited, never with the secret.

const NANO_PER_CENT = 10_000_000n;

const KEY_SELECT = {
  id: true,
  name: true,
  lastFour: true,
  previousLastFour: true,
  previousExpiresAt: true,
  permissions: true,
  allowedModels: true,
  expiresAt: true,
  revokedAt: true,
  requestsPerMinute: true,
  tokensPerMinute: true,
  monthlyBudgetNanoUsd: true,
  budgetAction: true,
  createdAt: true,
  lastUsedAt: true,
  ownerUserId: true,
  owner: { select: { name: true } },
  serviceAccount: { select: { id: true, name: true } },
} satisfies Prisma.ApiKeySelect;

type KeyRow = Prisma.ApiKeyGetPayload<{ select: typeof KEY_SELECT }>;

function usd(nano: bigint | null): number | null {
  return nano === null ? null : Number(nano / NANO_PER_CENT) / 100;
}

interface Month {
  requests: number;
  spentNano: bigint;
  rateLimited: number;
  overBudget: number;
  lastRefusedAt: Date | null;
}

const NO_USE: Month = { requests: 0, spentNano: 0n, rateLimited: 0, overBudget: 0, lastRefusedAt: null };

function view(row: KeyRow, month: Month, now = new Date()): KeyView {
  const budget = row.monthlyBudgetNanoUsd;
  const status: KeyStatus = row.revokedAt
    ? "revoked"
    : row.expiresAt && row.expiresAt <= now
      ? "expired"
      : budget !== null && month.spentNano >= budget
        ? "over_budget"
        : "active";
  // The secret a roll replaced works until its grace ends, unless the key itself no longer works.
  const usable = status !== "revoked" && status !== "expired";
  const graceUntil = usable && row.previousExpiresAt && row.previousExpiresAt > now ? row.previousExpiresAt : null;
  return {
    id: row.id,
    name: row.name,
    owner: row.serviceAccount
      ? { type: "service_account", id: row.serviceAccount.id, name: row.serviceAccount.name }
      : { type: "user", id: row.ownerUserId, name: row.owner?.name ?? "(former member)" },
    lastFour: row.lastFour,
    previousLastFour: graceUntil ? row.previousLastFour : null,
    previousExpiresAt: graceUntil?.toISOString() ?? null,
    permissions: row.permissions as KeyPermissions,
    allowedModels: Array.isArray(row.allowedModels) ? (row.allowedModels as string[]) : null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    requestsPerMinute: row.requestsPerMinute,
    tokensPerMinute: row.tokensPerMinute,
    monthlyBudgetUsd: usd(budget),
    budgetAction: row.budgetAction === "alert" ? "alert" : "block",
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    month: {
      requests: month.requests,
      spentUsd: Number(month.spentNano) / 1e9,
      refused: { rateLimited: month.rateLimited, overBudget: month.overBudget, lastAt: month.lastRefusedAt?.toISOString() ?? null },
    },
    status,
  };
}

function monthStart(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

/** Admins see every key of the project; everyone else the keys they own. */
export async function listKeys(user: SessionUser, access: ProjectAccess, projectId: string): Promise<KeyView[]> {
  const prisma = await db();
  const seesAll = projectRoleAllows(access.role, "project.keys.manage");
  const rows = await prisma.apiKey.findMany({
    where: { projectId, ...(seesAll ? {} : { ownerUserId: user.id }) },
    select: KEY_SELECT,
    orderBy: { createdAt: "desc" },
  });
  return withMonth(prisma, projectId, rows);
}

/** The keys as listed, with their requests, spend and refused calls this month. */
async function withMonth(prisma: Awaited<ReturnType<typeof db>>, projectId: string, rows: KeyRow[]): Promise<KeyView[]> {
  if (rows.length === 0) return [];
  const now = new Date();
  const ids = rows.map((row) => row.id);
  // Requests and spend this month from the usage rollups (the figures of the usage pages, written
  // with the events): the UTC days of the month, by key. Counting the events themselves read every
  // call a busy key made this month, each time the list loads. The budget counter may be a moment
  // ahead of them, while the outbox writes.
  const [days, periods] = await Promise.all([
    prisma.usageDailyByDimension.groupBy({
      by: ["value"],
      where: { projectId, dimension: "key", startHour: 0, value: { in: ids }, day: { gte: monthStart(now) } },
      _sum: { requests: true, costNanoUsd: true },
    }),
    prisma.apiKeyBudgetPeriod.findMany({
      where: { apiKeyId: { in: ids }, month: monthOf(now) },
      select: { apiKeyId: true, spentNanoUsd: true, rateLimited: true, overBudget: true, lastRefusedAt: true },
    }),
  ]);
  const byKey = new Map(days.map((d) => [d.value, d._sum]));
  const periodByKey = new Map(periods.map((p) => [p.apiKeyId, p]));
  return rows.map((row) => {
    const usage = byKey.get(row.id);
    const period = periodByKey.get(row.id);
    const fromEvents = usage?.costNanoUsd ?? 0n;
    const counted = period?.spentNanoUsd ?? 0n;
    return view(
      row,
      {
        requests: usage?.requests ?? 0,
        spentNano: counted > fromEvents ? counted : fromEvents,
        rateLimited: period?.rateLimited ?? 0,
        overBudget: period?.overBudget ?? 0,
        lastRefusedAt: period?.lastRefusedAt ?? null,
      },
      now,
    );
  });
}

function auditView(row: {
  name: string;
  permissions: unknown;
  allowedModels: unknown;
  expiresAt: Date | null;
  requestsPerMinute: number | null;
  tokensPerMinute: number | null;
  monthlyBudgetNanoUsd: bigint | null;
  budgetAction: string;
  lastFour: string;
  ownerUserId: string | null;
  serviceAccountId: string | null;
}) {
  return {
    name: row.name,
    lastFour: row.lastFour,
    ownerUserId: row.ownerUserId,
    serviceAccountId: row.serviceAccountId,
    permissions: row.permissions as Prisma.InputJsonValue,
    allowedModels: (row.allowedModels ?? null) as Prisma.InputJsonValue,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    requestsPerMinute: row.requestsPerMinute,
    tokensPerMinute: row.tokensPerMinute,
    monthlyBudgetUsd: usd(row.monthlyBudgetNanoUsd),
    budgetAction: row.budgetAction,
  };
}

/** The columns of what a key may do and how much, as created or edited. */
function settingsData(input: z.output<typeof updateKeyInput>) {
  return {
    name: input.name,
    permissions: input.permissions,
    allowedModels: input.allowedModels ?? Prisma.DbNull,
    expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
    requestsPerMinute: input.requestsPerMinute,
    tokensPerMinute: input.tokensPerMinute,
    monthlyBudgetNanoUsd: input.monthlyBudgetUsd === null ? null : BigInt(Math.round(input.monthlyBudgetUsd * 100)) * NANO_PER_CENT,
    budgetAction: input.budgetAction,
  };
}

export async function createKey(
  actor: SessionUser,
  projectId: string,
  input: z.output<typeof createKeyInput>,
  meta: RequestMeta,
): Promise<{ key: KeyView; secret: string }> {
  const prisma = await db();
  const secret = generateKeySecret();
  const row = await prisma.$transaction(async (tx) => {
    let ownerUserId: string | null = null;
    let serviceAccountId: string | null = null;
    if (input.owner.type === "user") {
      ownerUserId = input.owner.userId ?? actor.id;
      if (ownerUserId !== actor.id) {
        const member = await tx.projectMember.findUnique({
          where: { projectId_userId: { projectId, userId: ownerUserId } },
          select: { userId: true },
        });
        if (!member) throw new AppError("bad_request", "The owner must be a member of this project", "owner");
      }
    } else {
      const account = await tx.serviceAccount.findFirst({ where: { id: input.owner.serviceAccountId, projectId }, select: { id: true } });
      if (!account) throw new AppError("bad_request", "That service account is not in this project", "owner");
      serviceAccountId = account.id;
    }
    const created = await tx.apiKey.create({
      data: {
        projectId,
        ownerUserId,
        serviceAccountId,
        createdById: actor.id,
        keyHash: hashKeySecret(secret),
        lastFour: lastFourOf(secret),
        ...settingsData(input),
      },
    });
    await recordAudit(
      {
        actorId: actor.id,
        action: "project.api_key.create",
        targetType: "api_key",
        targetId: created.id,
        projectId,
        after: auditView(created),
        ...meta,
      },
      tx,
    );
    return tx.apiKey.findUniqueOrThrow({ where: { id: created.id }, select: KEY_SELECT });
  });
  return { key: view(row, NO_USE), secret };
}

/**
 * Changes what a key may do and how much (not its owner or secret). Takes effect on the next call
 * on this replica and within a second on the others, like a revocation. A lower rate limit or
 * budget may still let through what a replica had already leased under the old one (a slice,
 * at most a sixteenth of it; ADR 0012).
 */
export async function updateKey(
  actor: SessionUser,
  projectId: string,
  keyId: string,
  input: z.output<typeof updateKeyInput>,
  meta: RequestMeta,
): Promise<KeyView> {
  const prisma = await db();
  const row = await prisma.$transaction(async (tx) => {
    const before = await findProjectKey(tx, projectId, keyId);
    if (before.revokedAt) throw new AppError("conflict", "A revoked key cannot be changed; create a new one");
    const after = await tx.apiKey.update({ where: { id: keyId }, data: settingsData(input) });
    await recordAudit(
      {
        actorId: actor.id,
        action: "project.api_key.update",
        targetType: "api_key",
        targetId: keyId,
        projectId,
        before: auditView(before),
        after: auditView(after),
        ...meta,
      },
      tx,
    );
    return tx.apiKey.findUniqueOrThrow({ where: { id: keyId }, select: KEY_SELECT });
  });
  forgetKey(keyId);
  const [key] = await withMonth(prisma, projectId, [row]);
  return key;
}

async function findProjectKey(tx: Prisma.TransactionClient, projectId: string, keyId: string) {
  const row = await tx.apiKey.findFirst({ where: { id: keyId, projectId } });
  if (!row) throw new AppError("not_found", "API key not found");
  return row;
}

export async function revokeKey(actor: SessionUser, projectId: string, keyId: string, meta: RequestMeta): Promise<void> {
  const prisma = await db();
  await prisma.$transaction(async (tx) => {
    const row = await findProjectKey(tx, projectId, keyId);
    if (row.revokedAt) throw new AppError("conflict", "This key is already revoked");
    await tx.apiKey.update({ where: { id: keyId }, data: { revokedAt: new Date() } });
    await recordAudit(
      {
        actorId: actor.id,
        action: "project.api_key.revoke",
        targetType: "api_key",
        targetId: keyId,
        projectId,
        before: { name: row.name, lastFour: row.lastFour },
        ...meta,
      },
      tx,
    );
  });
  forgetKey(keyId);
}

/** A new secret for the key; the old one keeps working for `graceHours` (0: stops at once). */
export async function rollKey(
  actor: SessionUser,
  projectId: string,
  keyId: string,
  graceHours: number,
  meta: RequestMeta,
): Promise<{ key: KeyView; secret: string }> {
  const prisma = await db();
  const secret = generateKeySecret();
  const row = await prisma.$transaction(async (tx) => {
    const before = await findProjectKey(tx, projectId, keyId);
    if (before.revokedAt) throw new AppError("conflict", "A revoked key cannot be rolled; create a new one");
    const previousExpiresAt = graceHours > 0 ? new Date(Date.now() + graceHours * 3_600_000) : null;
    await tx.apiKey.update({
      where: { id: keyId },
      data: {
        keyHash: hashKeySecret(secret),
        lastFour: lastFourOf(secret),
        previousKeyHash: previousExpiresAt ? before.keyHash : null,
        previousLastFour: previousExpiresAt ? before.lastFour : null,
        previousExpiresAt,
      },
    });
    await recordAudit(
      {
        actorId: actor.id,
        action: "project.api_key.roll",
        targetType: "api_key",
        targetId: keyId,
        projectId,
        before: { lastFour: before.lastFour },
        after: { lastFour: lastFourOf(secret), previousWorksUntil: previousExpiresAt?.toISOString() ?? null },
        ...meta,
      },
      tx,
    );
    return tx.apiKey.findUniqueOrThrow({ where: { id: keyId }, select: KEY_SELECT });
  });
  forgetKey(keyId);
  return { key: view(row, NO_USE), secret };
}

export async function listServiceAccounts(projectId: string) {
  const prisma = await db();
  return prisma.serviceAccount.findMany({
    where: { projectId },
    select: { id: true, name: true, createdAt: true },
    orderBy: { name: "asc" },
  });
}

export async function createServiceAccount(actor: SessionUser, projectId: string, name: string, meta: RequestMeta) {
  const prisma = await db();
  return prisma.$transaction(async (tx) => {
    const exists = await tx.serviceAccount.findFirst({ where: { projectId, name }, select: { id: true } });
    if (exists) throw new AppError("conflict", "A service account of that name already exists", "name");
    const account = await tx.serviceAccount.create({
      data: { projectId, name, createdById: actor.id },
      select: { id: true, name: true, createdAt: true },
    });
    await recordAudit(
      {
        actorId: actor.id,
        action: "project.service_account.create",
        targetType: "service_account",
        targetId: account.id,
        projectId,
        after: { name },
        ...meta,
      },
      tx,
    );
    return account;
  });
}
