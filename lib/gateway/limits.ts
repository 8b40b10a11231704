import "server-only";
import { db } from "@/lib/db/client";
import { OpenAIShapedError } from "@/lib/upstream/openai-error";
import type { GatewayKey } from "./keys";

// Rate limits and budgets live in the database so that every replica counts against the same
// figures. Each check is one conditional upsert: it either takes its share atomically or changes
// nothing, so 200 parallel calls against a limit of 50 let exactly 50 through, on PGlite (one
// connection, statements in turn) and on PostgreSQL (row lock of the upsert) alike.

const NO_LIMIT = 2_147_483_647;

export interface RateTaken {
  windowStart: Date;
  requests: number;
  tokens: number;
}

export function minuteOf(now: Date): Date {
  return new Date(Math.floor(now.getTime() / 60_000) * 60_000);
}

export function monthOf(now: Date): string {
  return now.toISOString().slice(0, 7);
}

/** Counts one request and `tokens` estimated tokens in this minute, or refuses with OpenAI's 429. */
export async function takeRateLimit(key: GatewayKey, tokens: number, now = new Date()): Promise<RateTaken | null> {
  if (key.requestsPerMinute === null && key.tokensPerMinute === null) return null;
  const windowStart = minuteOf(now);
  const rpm = key.requestsPerMinute ?? NO_LIMIT;
  const tpm = key.tokensPerMinute ?? NO_LIMIT;
  const counted = key.tokensPerMinute === null ? 0 : tokens;
  if (counted > tpm) {
    throw rateLimited(
      key,
      "tokens",
      windowStart,
      now,
      { requests: 0, tokens: 0 },
      `This request needs about ${counted} tokens, more than this key's limit of ${tpm} tokens per minute`,
    );
  }
  const prisma = await db();
  const rows = await prisma.$queryRaw<{ requests: number; tokens: number }[]>`
    INSERT INTO "ApiKeyRateWindow" ("apiKeyId", "windowStart", requests, tokens)
    VALUES (${key.id}, ${windowStart}, 1, ${counted})
    ON CONFLICT ("apiKeyId", "windowStart") DO UPDATE
      SET requests = "ApiKeyRateWindow".requests + 1, tokens = "ApiKeyRateWindow".tokens + ${counted}
      WHERE "ApiKeyRateWindow".requests < ${rpm} AND "ApiKeyRateWindow".tokens + ${counted} <= ${tpm}
    RETURNING requests, tokens`;
  const row = rows[0];
  if (row) return { windowStart, requests: Number(row.requests), tokens: Number(row.tokens) };
  const [used] = await prisma.$queryRaw<{ requests: number; tokens: number }[]>`
    SELECT requests, tokens FROM "ApiKeyRateWindow" WHERE "apiKeyId" = ${key.id} AND "windowStart" = ${windowStart}`;
  const current = { requests: Number(used?.requests ?? 0), tokens: Number(used?.tokens ?? 0) };
  const kind = current.requests >= rpm ? "requests" : "tokens";
  throw rateLimited(
    key,
    kind,
    windowStart,
    now,
    current,
    kind === "requests"
      ? `Rate limit reached for this API key: ${rpm} requests per minute. Try again in ${secondsLeft(windowStart, now)} s.`
      : `Rate limit reached for this API key: ${tpm} tokens per minute (used ${current.tokens}, this request needs about ${counted}). Try again in ${secondsLeft(windowStart, now)} s.`,
  );
}

/** Gives back what a call counted in advance once its real token count is known. */
export async function settleRateTokens(key: GatewayKey, taken: RateTaken | null, estimated: number, actual: number): Promise<void> {
  if (!taken || key.tokensPerMinute === null || estimated === actual) return;
  const prisma = await db();
  await prisma.$executeRaw`
    UPDATE "ApiKeyRateWindow" SET tokens = GREATEST(0, tokens + ${actual - estimated})
    WHERE "apiKeyId" = ${key.id} AND "windowStart" = ${taken.windowStart}`;
}

function secondsLeft(windowStart: Date, now: Date): number {
  return Math.max(1, Math.ceil((windowStart.getTime() + 60_000 - now.getTime()) / 1000));
}

/** OpenAI's x-ratelimit-* headers, describing this key's limits rather than the upstream's. */
export function rateLimitHeaders(
  key: GatewayKey,
  used: { requests: number; tokens: number },
  windowStart: Date,
  now = new Date(),
): Record<string, string> {
  const headers: Record<string, string> = {};
  const reset = `${secondsLeft(windowStart, now)}s`;
  if (key.requestsPerMinute !== null) {
    headers["x-ratelimit-limit-requests"] = String(key.requestsPerMinute);
    headers["x-ratelimit-remaining-requests"] = String(Math.max(0, key.requestsPerMinute - used.requests));
    headers["x-ratelimit-reset-requests"] = reset;
  }
  if (key.tokensPerMinute !== null) {
    headers["x-ratelimit-limit-tokens"] = String(key.tokensPerMinute);
    headers["x-ratelimit-remaining-tokens"] = String(Math.max(0, key.tokensPerMinute - used.tokens));
    headers["x-ratelimit-reset-tokens"] = reset;
  }
  return headers;
}

function rateLimited(
  key: GatewayKey,
  kind: "requests" | "tokens",
  windowStart: Date,
  now: Date,
  used: { requests: number; tokens: number },
  message: string,
): OpenAIShapedError {
  return new OpenAIShapedError(
    429,
    { message, type: kind, code: "rate_limit_exceeded" },
    {
      "retry-after": String(secondsLeft(windowStart, now)),
      ...rateLimitHeaders(key, used, windowStart, now),
    },
  );
}

export interface Reservation {
  month: string;
  nanoUsd: bigint;
}

/**
 * Reserves a call's worst-case cost against the key's monthly budget, or refuses with OpenAI's
 * 429 insufficient_quota. A call is let through only if everything spent and reserved so far plus
 * its own worst case fits, so concurrent calls can never together overrun the budget by more than
 * an under-estimated call. Keys that only alert reserve nothing: their spend is still counted.
 */
export async function reserveBudget(key: GatewayKey, worstCase: bigint, now = new Date()): Promise<Reservation | null> {
  if (key.monthlyBudgetNanoUsd === null) return null;
  const month = monthOf(now);
  if (key.budgetAction === "alert") return { month, nanoUsd: 0n };
  const budget = key.monthlyBudgetNanoUsd;
  if (worstCase > budget)
    throw overBudget(`This request could cost up to ${dollars(worstCase)}, more than this key's monthly budget of ${dollars(budget)}`);
  const prisma = await db();
  const rows = await prisma.$queryRaw<{ spent: bigint }[]>`
    INSERT INTO "ApiKeyBudgetPeriod" ("apiKeyId", month, "spentNanoUsd", "reservedNanoUsd")
    VALUES (${key.id}, ${month}, 0, ${worstCase})
    ON CONFLICT ("apiKeyId", month) DO UPDATE
      SET "reservedNanoUsd" = "ApiKeyBudgetPeriod"."reservedNanoUsd" + ${worstCase}
      WHERE "ApiKeyBudgetPeriod"."spentNanoUsd" < ${budget}
        AND "ApiKeyBudgetPeriod"."spentNanoUsd" + "ApiKeyBudgetPeriod"."reservedNanoUsd" + ${worstCase} <= ${budget}
    RETURNING "spentNanoUsd" AS spent`;
  if (rows.length === 0) {
    throw overBudget(
      `This API key has used its monthly budget of ${dollars(budget)} (calls in flight included); it resets at the start of next month (UTC)`,
    );
  }
  return { month, nanoUsd: worstCase };
}

/** Replaces a reservation by the call's real cost (also after an error or a disconnect). */
export async function settleBudget(key: GatewayKey, reservation: Reservation | null, actual: bigint): Promise<void> {
  if (!reservation) return;
  const prisma = await db();
  await prisma.$executeRaw`
    INSERT INTO "ApiKeyBudgetPeriod" ("apiKeyId", month, "spentNanoUsd", "reservedNanoUsd")
    VALUES (${key.id}, ${reservation.month}, ${actual}, 0)
    ON CONFLICT ("apiKeyId", month) DO UPDATE
      SET "spentNanoUsd" = "ApiKeyBudgetPeriod"."spentNanoUsd" + ${actual},
          "reservedNanoUsd" = GREATEST(0, "ApiKeyBudgetPeriod"."reservedNanoUsd" - ${reservation.nanoUsd})`;
}

function overBudget(message: string): OpenAIShapedError {
  return new OpenAIShapedError(429, { message, type: "insufficient_quota", code: "insufficient_quota" });
}

export function dollars(nano: bigint): string {
  const cents = Number(nano / 10_000_000n);
  return `$${(cents / 100).toFixed(2)}`;
}
