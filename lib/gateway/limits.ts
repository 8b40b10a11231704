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

/** Gives back what a call counted in advance once its real token count is known (written with the next batch). */
export function settleRateTokens(key: GatewayKey, taken: RateTaken | null, estimated: number, actual: number): void {
  if (!taken || key.tokensPerMinute === null || estimated === actual) return;
  const id = `${key.id}\u0000${taken.windowStart.toISOString()}`;
  const entry = pendingTokens.get(id) ?? { keyId: key.id, windowStart: taken.windowStart, delta: 0 };
  entry.delta += actual - estimated;
  pendingTokens.set(id, entry);
  scheduleSettlement();
}

// Settlements are gathered and written every SETTLE_EVERY_MS, one statement per key and period,
// rather than one or two per call: a reservation is released a moment later, which only errs on
// the side of refusing. (A process that dies first leaves its reservations in place until the month
// ends: the budget is then under-used, never over-spent; usage events remain the ledger.)
const SETTLE_EVERY_MS = 50;
const pendingTokens = new Map<string, { keyId: string; windowStart: Date; delta: number }>();
const pendingBudget = new Map<string, { keyId: string; month: string; release: bigint; spent: bigint }>();
let settling: NodeJS.Timeout | null = null;
let flushing: Promise<void> = Promise.resolve();

function scheduleSettlement(): void {
  if (settling) return;
  settling = setTimeout(() => {
    settling = null;
    flushing = flushing
      .then(writeSettlements)
      .catch((error) => console.error("[gateway] settlement failed:", error instanceof Error ? error.message : error));
  }, SETTLE_EVERY_MS);
  settling.unref?.();
}

async function writeSettlements(): Promise<void> {
  const tokens = [...pendingTokens.values()];
  const budgets = [...pendingBudget.values()];
  pendingTokens.clear();
  pendingBudget.clear();
  if (tokens.length === 0 && budgets.length === 0) return;
  const prisma = await db();
  for (const entry of tokens) {
    await prisma.$executeRaw`
      UPDATE "ApiKeyRateWindow" SET tokens = GREATEST(0, tokens + ${entry.delta})
      WHERE "apiKeyId" = ${entry.keyId} AND "windowStart" = ${entry.windowStart}`;
  }
  for (const entry of budgets) {
    await prisma.$executeRaw`
      INSERT INTO "ApiKeyBudgetPeriod" ("apiKeyId", month, "spentNanoUsd", "reservedNanoUsd")
      VALUES (${entry.keyId}, ${entry.month}, ${entry.spent}, 0)
      ON CONFLICT ("apiKeyId", month) DO UPDATE
        SET "spentNanoUsd" = "ApiKeyBudgetPeriod"."spentNanoUsd" + ${entry.spent},
            "reservedNanoUsd" = GREATEST(0, "ApiKeyBudgetPeriod"."reservedNanoUsd" - ${entry.release})`;
  }
}

/** Waits until every settlement gathered so far is written (tests, shutdown). */
export async function flushSettlements(): Promise<void> {
  if (settling) {
    clearTimeout(settling);
    settling = null;
    flushing = flushing.then(writeSettlements);
  }
  await flushing;
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
 * The rate limit and the budget reservation in one statement when a key has both (one round trip
 * instead of two: on embedded PGlite each is CPU of this very process). The budget part runs only
 * if the rate part took its share; a refusal is then explained by takeRateLimit/reserveBudget's
 * own checks, which read the counters again.
 */
export async function takeLimits(
  key: GatewayKey,
  tokens: number,
  worstCase: bigint,
  now = new Date(),
): Promise<{ taken: RateTaken | null; reservation: Reservation | null }> {
  const rated = key.requestsPerMinute !== null || key.tokensPerMinute !== null;
  const budgeted = key.monthlyBudgetNanoUsd !== null && key.budgetAction === "block";
  if (!rated || !budgeted) {
    const taken = await takeRateLimit(key, tokens, now);
    return { taken, reservation: await reserveBudget(key, worstCase, now) };
  }
  const budget = key.monthlyBudgetNanoUsd as bigint;
  const counted = key.tokensPerMinute === null ? 0 : tokens;
  if (worstCase > budget || counted > (key.tokensPerMinute ?? NO_LIMIT)) {
    const taken = await takeRateLimit(key, tokens, now);
    return { taken, reservation: await reserveBudget(key, worstCase, now) };
  }
  const windowStart = minuteOf(now);
  const month = monthOf(now);
  const rpm = key.requestsPerMinute ?? NO_LIMIT;
  const tpm = key.tokensPerMinute ?? NO_LIMIT;
  const prisma = await db();
  const [row] = await prisma.$queryRaw<{ requests: number | null; tokens: number | null; reserved: boolean }[]>`
    WITH rate AS (
      INSERT INTO "ApiKeyRateWindow" ("apiKeyId", "windowStart", requests, tokens)
      VALUES (${key.id}, ${windowStart}, 1, ${counted})
      ON CONFLICT ("apiKeyId", "windowStart") DO UPDATE
        SET requests = "ApiKeyRateWindow".requests + 1, tokens = "ApiKeyRateWindow".tokens + ${counted}
        WHERE "ApiKeyRateWindow".requests < ${rpm} AND "ApiKeyRateWindow".tokens + ${counted} <= ${tpm}
      RETURNING requests, tokens
    ), spend AS (
      INSERT INTO "ApiKeyBudgetPeriod" ("apiKeyId", month, "spentNanoUsd", "reservedNanoUsd")
      SELECT ${key.id}::text, ${month}::text, 0::bigint, ${worstCase}::bigint WHERE EXISTS (SELECT 1 FROM rate)
      ON CONFLICT ("apiKeyId", month) DO UPDATE
        SET "reservedNanoUsd" = "ApiKeyBudgetPeriod"."reservedNanoUsd" + ${worstCase}::bigint
        WHERE "ApiKeyBudgetPeriod"."spentNanoUsd" < ${budget}::bigint
          AND "ApiKeyBudgetPeriod"."spentNanoUsd" + "ApiKeyBudgetPeriod"."reservedNanoUsd" + ${worstCase}::bigint <= ${budget}::bigint
      RETURNING 1
    )
    SELECT (SELECT requests FROM rate) AS requests, (SELECT tokens FROM rate) AS tokens, EXISTS (SELECT 1 FROM spend) AS reserved`;
  if (row?.requests === null || row?.requests === undefined) {
    // Refused by the rate limit: let the single check say which limit, with its headers.
    await takeRateLimit(key, tokens, now);
    throw new Error("rate limit refused the call and then allowed it");
  }
  const taken = { windowStart, requests: Number(row.requests), tokens: Number(row.tokens) };
  if (!row.reserved) {
    throw overBudget(
      `This API key has used its monthly budget of ${dollars(budget)} (calls in flight included); it resets at the start of next month (UTC)`,
    );
  }
  return { taken, reservation: { month, nanoUsd: worstCase } };
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

/** Replaces a reservation by the call's real cost (also after an error or a disconnect), with the next batch. */
export function settleBudget(key: GatewayKey, reservation: Reservation | null, actual: bigint): void {
  if (!reservation) return;
  const id = `${key.id}\u0000${reservation.month}`;
  const entry = pendingBudget.get(id) ?? { keyId: key.id, month: reservation.month, release: 0n, spent: 0n };
  entry.release += reservation.nanoUsd;
  entry.spent += actual;
  pendingBudget.set(id, entry);
  scheduleSettlement();
}

function overBudget(message: string): OpenAIShapedError {
  return new OpenAIShapedError(429, { message, type: "insufficient_quota", code: "insufficient_quota" });
}

export function dollars(nano: bigint): string {
  const cents = Number(nano / 10_000_000n);
  return `$${(cents / 100).toFixed(2)}`;
}
