import "server-only";
import { db } from "@/lib/db/client";

// The database side of the gateway's limits (ADR 0012). Every replica takes slices of a key's
// per-minute limits and monthly budget with one conditional upsert each: the upsert adds the slice
// only if the totals stay within the limit, so the slices handed out never add up to more than
// the limit, on PGlite (statements in turn) and on PostgreSQL (the upsert's row lock) alike.
// Counting calls against a slice happens in memory (lib/gateway/limits.ts).

export interface WindowTotals {
  requests: number;
  tokens: number;
}

/**
 * Adds `requests` and `tokens` to the key's one-minute window if the window's totals stay within
 * `rpm` and `tpm`. Returns the window's new totals (all replicas), or null when the slice does not
 * fit. The caller never asks for more than a limit on its own, so a new window's row always fits.
 */
export async function grantRate(
  keyId: string,
  windowStart: Date,
  slice: WindowTotals,
  limits: { rpm: number; tpm: number },
): Promise<WindowTotals | null> {
  const prisma = await db();
  // Compared as bigint: int4 sums near an "unlimited" 2^31 - 1 would overflow before the check.
  const rows = await prisma.$queryRaw<{ requests: number; tokens: number }[]>`
    INSERT INTO "ApiKeyRateWindow" ("apiKeyId", "windowStart", requests, tokens)
    VALUES (${keyId}, ${windowStart}, ${slice.requests}, ${slice.tokens})
    ON CONFLICT ("apiKeyId", "windowStart") DO UPDATE
      SET requests = "ApiKeyRateWindow".requests + EXCLUDED.requests, tokens = "ApiKeyRateWindow".tokens + EXCLUDED.tokens
      WHERE "ApiKeyRateWindow".requests::bigint + EXCLUDED.requests <= ${limits.rpm}::bigint
        AND "ApiKeyRateWindow".tokens::bigint + EXCLUDED.tokens <= ${limits.tpm}::bigint
    RETURNING requests, tokens`;
  const row = rows[0];
  return row ? { requests: Number(row.requests), tokens: Number(row.tokens) } : null;
}

/** Deletes the windows of minutes that started before `before`: only the current minute's is read. */
export async function deleteRateWindowsBefore(before: Date): Promise<number> {
  const prisma = await db();
  return prisma.$executeRaw`DELETE FROM "ApiKeyRateWindow" WHERE "windowStart" < ${before}`;
}

export async function readRate(keyId: string, windowStart: Date): Promise<WindowTotals> {
  const prisma = await db();
  const [row] = await prisma.$queryRaw<{ requests: number; tokens: number }[]>`
    SELECT requests, tokens FROM "ApiKeyRateWindow" WHERE "apiKeyId" = ${keyId} AND "windowStart" = ${windowStart}`;
  return { requests: Number(row?.requests ?? 0), tokens: Number(row?.tokens ?? 0) };
}

/** Reserves `amount` of the key's monthly budget if spent + reserved + amount stays within it (and it is not spent). */
export async function grantBudget(keyId: string, month: string, amount: bigint, budget: bigint): Promise<boolean> {
  const prisma = await db();
  const rows = await prisma.$queryRaw<unknown[]>`
    INSERT INTO "ApiKeyBudgetPeriod" ("apiKeyId", month, "spentNanoUsd", "reservedNanoUsd")
    VALUES (${keyId}, ${month}, 0, ${amount})
    ON CONFLICT ("apiKeyId", month) DO UPDATE
      SET "reservedNanoUsd" = "ApiKeyBudgetPeriod"."reservedNanoUsd" + EXCLUDED."reservedNanoUsd"
      WHERE "ApiKeyBudgetPeriod"."spentNanoUsd" < ${budget}
        AND "ApiKeyBudgetPeriod"."spentNanoUsd" + "ApiKeyBudgetPeriod"."reservedNanoUsd" + EXCLUDED."reservedNanoUsd" <= ${budget}
    RETURNING 1`;
  return rows.length > 0;
}

export interface Settlements {
  /** Unused slices of a window given back, so another replica may take them this minute. */
  rate: { keyId: string; windowStart: Date; requests: number; tokens: number }[];
  /** Spend to add, and reservation to release, per key and month. */
  budget: { keyId: string; month: string; spent: bigint; release: bigint }[];
  /** Calls the key's own limits refused, per key and month, and when the latest was (shown beside its usage). */
  refused: { keyId: string; month: string; rateLimited: number; overBudget: number; lastAt: Date }[];
}

/** What a failed write of settlements had not written yet: to write again later, and only that. */
export class SettlementsNotWritten extends Error {
  constructor(
    readonly left: Settlements,
    cause: unknown,
  ) {
    super(`settlements not written: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/**
 * One statement per key and period, whatever the number of calls gathered. Each stands alone, so
 * when the database fails part-way the error carries what was not written (writing the rest again
 * would count it twice). A key deleted meanwhile is skipped rather than failing every later write.
 */
export async function writeSettlements({ rate, budget, refused }: Settlements): Promise<void> {
  if (rate.length === 0 && budget.length === 0 && refused.length === 0) return;
  const done = { rate: 0, budget: 0, refused: 0 };
  try {
    const prisma = await db();
    for (const entry of rate) {
      await prisma.$executeRaw`
        UPDATE "ApiKeyRateWindow"
        SET requests = GREATEST(0, requests - ${entry.requests}), tokens = GREATEST(0, tokens - ${entry.tokens})
        WHERE "apiKeyId" = ${entry.keyId} AND "windowStart" = ${entry.windowStart}`;
      done.rate++;
    }
    for (const entry of budget) {
      await prisma.$executeRaw`
        INSERT INTO "ApiKeyBudgetPeriod" ("apiKeyId", month, "spentNanoUsd", "reservedNanoUsd")
        SELECT ${entry.keyId}::text, ${entry.month}::text, ${entry.spent}::bigint, 0 WHERE EXISTS (SELECT 1 FROM "ApiKey" WHERE id = ${entry.keyId})
        ON CONFLICT ("apiKeyId", month) DO UPDATE
          SET "spentNanoUsd" = "ApiKeyBudgetPeriod"."spentNanoUsd" + ${entry.spent},
              "reservedNanoUsd" = GREATEST(0, "ApiKeyBudgetPeriod"."reservedNanoUsd" - ${entry.release})`;
      done.budget++;
    }
    for (const entry of refused) {
      await prisma.$executeRaw`
        INSERT INTO "ApiKeyBudgetPeriod" ("apiKeyId", month, "rateLimited", "overBudget", "lastRefusedAt")
        SELECT ${entry.keyId}::text, ${entry.month}::text, ${entry.rateLimited}::integer, ${entry.overBudget}::integer, ${entry.lastAt}::timestamp(3)
        WHERE EXISTS (SELECT 1 FROM "ApiKey" WHERE id = ${entry.keyId})
        ON CONFLICT ("apiKeyId", month) DO UPDATE
          SET "rateLimited" = "ApiKeyBudgetPeriod"."rateLimited" + ${entry.rateLimited},
              "overBudget" = "ApiKeyBudgetPeriod"."overBudget" + ${entry.overBudget},
              "lastRefusedAt" = GREATEST("ApiKeyBudgetPeriod"."lastRefusedAt", EXCLUDED."lastRefusedAt")`;
      done.refused++;
    }
  } catch (error) {
    const left = { rate: rate.slice(done.rate), budget: budget.slice(done.budget), refused: refused.slice(done.refused) };
    throw new SettlementsNotWritten(left, error);
  }
}
