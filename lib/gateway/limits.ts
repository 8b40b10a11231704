import "server-only";
import { dateAt, nowMs } from "@/lib/clock";
import { OpenAIShapedError } from "@/lib/upstream/openai-error";
import type { GatewayKey } from "./keys";
import {
  deleteRateWindowsBefore,
  grantBudget,
  grantRate,
  readRate,
  type Settlements,
  SettlementsNotWritten,
  writeSettlements,
} from "./limit-store";

// Rate limits and budgets, held across replicas without a database statement per call (ADR 0012).
// Each replica leases a slice of a key's per-minute limits and of its monthly budget from the
// database (lib/gateway/limit-store.ts: a conditional upsert that never hands out more than the
// limit in total), counts calls against its slice in memory, and asks for another slice when it
// runs out. A slice is at most 1/16 of the limit, and is given back once unused for half a second,
// so another replica can take it. A key with a small limit therefore leases one call at a time,
// and is exact; a busy key costs one statement per few thousand calls.

const NO_LIMIT = 2_147_483_647;
/** A slice is at most this share of a key's limit or budget. */
const SLICE_SHARE = 16;
/** Requests leased at once for a key that limits only tokens (its request count is not a limit). */
const UNLIMITED_SLICE = 1_000_000;
/** A slice nobody has used for this long goes back to the database. */
const IDLE_RETURN_MS = 500;
/** After the database refused a slice, calls that do not fit are refused locally for this long. */
const REFUSAL_MEMORY_MS = 100;
const SWEEP_EVERY_MS = 100;
/**
 * Spend and returned slices are gathered and written this often, one statement per key and period.
 * Slices already keep replicas within the limits; this only sets how soon the spend shows, and each
 * statement costs the event loop about half a millisecond.
 */
const SETTLE_EVERY_MS = 200;
/** After a failed write, what it had not written is tried again this much later (and kept meanwhile). */
const SETTLE_RETRY_MS = 2000;
/** Rows of past minutes' windows are deleted once they are this old, at most this often per replica. */
const WINDOWS_KEPT_MS = 60 * 60_000;

export function minuteOf(now: Date): Date {
  return dateAt(Math.floor(now.getTime() / 60_000) * 60_000);
}

export function monthOf(now: Date): string {
  const month = now.getUTCMonth() + 1;
  return `${now.getUTCFullYear()}-${month < 10 ? "0" : ""}${month}`;
}

interface RateSlice {
  windowStart: Date;
  freeRequests: number;
  /** May go below zero when a call used more tokens than estimated; the next slice covers it. */
  freeTokens: number;
  /** The window's totals in the database (every replica's slices) as of this replica's last grant. */
  windowRequests: number;
  windowTokens: number;
  lastUsed: number;
  pending: Promise<void> | null;
  refusedUntil: number;
  refusedBy: "requests" | "tokens";
}

interface BudgetSlice {
  month: string;
  /** Reserved in the database for this replica. */
  held: bigint;
  /** The worst-case costs of this replica's calls in flight, within `held`. */
  inFlight: bigint;
  lastUsed: number;
  pending: Promise<void> | null;
  refusedUntil: number;
  /** False once the slice is no longer the key's current one (a new month). */
  current: boolean;
}

export interface RateTaken {
  windowStart: Date;
  /** The window's use as seen by this call, for the x-ratelimit-* headers. */
  used: { requests: number; tokens: number };
  slice: RateSlice;
  tokens: number;
}

export interface Reservation {
  month: string;
  nanoUsd: bigint;
  slice: BudgetSlice | null;
}

export interface Taken {
  rate: RateTaken | null;
  reservation: Reservation | null;
}

/** What the gateway needs of the limits: tests replace it to stand for a database that does not answer. */
export interface Limits {
  /** Synchronous while this replica's slices have room (almost every call); a promise when it must ask the database. */
  take(key: GatewayKey, tokens: number, worstCaseNanoUsd: bigint, now?: Date): Taken | Promise<Taken>;
  /** Replaces a call's estimate by what it really used (also after an error or a disconnect). */
  settle(key: GatewayKey, taken: Taken, actual: { tokens: number; costNanoUsd: bigint }): void;
}

export class LeasedLimits implements Limits {
  private rates = new Map<string, RateSlice>();
  private budgets = new Map<string, BudgetSlice>();
  private pending: Settlements = { rate: [], budget: [], refused: [] };
  private sweeping: NodeJS.Timeout | null = null;
  private settling: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private failing = false;
  private windowsDeletedAt = 0;
  private readonly writeToDatabase: (settlements: Settlements) => Promise<void>;
  private readonly retryMs: number;

  /** Tests pass a `write` that fails, and a shorter `retryMs`. */
  constructor(options: { write?: (settlements: Settlements) => Promise<void>; retryMs?: number } = {}) {
    this.writeToDatabase = options.write ?? writeSettlements;
    this.retryMs = options.retryMs ?? SETTLE_RETRY_MS;
  }

  take(key: GatewayKey, tokens: number, worstCaseNanoUsd: bigint, now = dateAt()): Taken | Promise<Taken> {
    // The in-memory path is taken without a promise: on a busy gateway, each one is a visible cost.
    const rate = this.rateFromSlice(key, tokens, now);
    if (rate === undefined) return this.takeSlowly(key, tokens, worstCaseNanoUsd, now);
    const reservation = this.reservationFromSlice(key, worstCaseNanoUsd, now);
    if (reservation === undefined) return this.reserve(key, worstCaseNanoUsd, now).then((held) => ({ rate, reservation: held }));
    return { rate, reservation };
  }

  private async takeSlowly(key: GatewayKey, tokens: number, worstCaseNanoUsd: bigint, now: Date): Promise<Taken> {
    const rate = await this.takeRate(key, tokens, now);
    return { rate, reservation: await this.reserve(key, worstCaseNanoUsd, now) };
  }

  settle(key: GatewayKey, taken: Taken, actual: { tokens: number; costNanoUsd: bigint }): void {
    const rate = taken.rate;
    // Tokens estimated but not used go back to the slice while its minute lasts.
    if (rate && key.tokensPerMinute !== null && this.rates.get(key.id) === rate.slice) rate.slice.freeTokens += rate.tokens - actual.tokens;
    const reservation = taken.reservation;
    const slice = reservation?.slice;
    if (!reservation || !slice) {
      if (reservation && actual.costNanoUsd > 0n) this.addSpend(key.id, reservation.month, actual.costNanoUsd, 0n);
      return;
    }
    slice.inFlight -= reservation.nanoUsd;
    slice.lastUsed = nowMs();
    // The cost is paid out of the slice (never out of other calls' reservations); a cost above the
    // estimate is still counted as spent.
    const free = slice.held - slice.inFlight;
    const paid = actual.costNanoUsd < free ? actual.costNanoUsd : free > 0n ? free : 0n;
    slice.held -= paid;
    let release = paid;
    if (!slice.current && slice.inFlight === 0n) {
      release += slice.held;
      slice.held = 0n;
    }
    this.addSpend(key.id, reservation.month, actual.costNanoUsd, release);
  }

  /** Gives every slice back and writes what is gathered (shutdown, tests). */
  async close(): Promise<void> {
    if (this.sweeping) clearInterval(this.sweeping);
    this.sweeping = null;
    for (const [keyId, slice] of this.rates) this.returnRate(keyId, slice);
    for (const [keyId, slice] of this.budgets) this.addSpend(keyId, slice.month, 0n, slice.held);
    this.rates.clear();
    this.budgets.clear();
    await this.flush();
  }

  /** Waits until everything gathered so far is written. */
  async flush(): Promise<void> {
    if (this.settling) {
      clearTimeout(this.settling);
      this.settling = null;
      this.flushing = this.flushing.then(() => this.write());
    }
    await this.flushing;
  }

  /** The call's share of the rate limits from this replica's slice; undefined when the slice has no room. */
  private rateFromSlice(key: GatewayKey, tokens: number, now: Date): RateTaken | null | undefined {
    if (key.requestsPerMinute === null && key.tokensPerMinute === null) return null;
    const windowStart = minuteOf(now);
    const tpm = key.tokensPerMinute ?? NO_LIMIT;
    const counted = key.tokensPerMinute === null ? 0 : tokens;
    if (counted > tpm) {
      this.countRefusal(key.id, now, "rateLimited");
      throw rateLimited(
        key,
        "tokens",
        windowStart,
        now,
        { requests: 0, tokens: 0 },
        `This request needs about ${counted} tokens, more than this key's limit of ${tpm} tokens per minute`,
      );
    }
    const slice = this.rateSlice(key.id, windowStart);
    if (slice.freeRequests < 1 || slice.freeTokens < counted) return undefined;
    slice.freeRequests -= 1;
    slice.freeTokens -= counted;
    slice.lastUsed = nowMs();
    const used = { requests: slice.windowRequests - slice.freeRequests, tokens: slice.windowTokens - slice.freeTokens };
    return { windowStart, used, slice, tokens: counted };
  }

  private async takeRate(key: GatewayKey, tokens: number, now: Date): Promise<RateTaken | null> {
    const windowStart = minuteOf(now);
    const limits = { rpm: key.requestsPerMinute ?? NO_LIMIT, tpm: key.tokensPerMinute ?? NO_LIMIT };
    const counted = key.tokensPerMinute === null ? 0 : tokens;
    for (;;) {
      const taken = this.rateFromSlice(key, tokens, now);
      if (taken !== undefined) return taken;
      const slice = this.rateSlice(key.id, windowStart);
      if (slice.pending) {
        await slice.pending;
        continue;
      }
      if (slice.refusedUntil > nowMs()) {
        this.countRefusal(key.id, now, "rateLimited");
        throw this.rateRefusal(key, slice, counted, now);
      }
      slice.pending = this.growRate(key, slice, counted, limits).finally(() => {
        slice.pending = null;
      });
      await slice.pending;
    }
  }

  private rateSlice(keyId: string, windowStart: Date): RateSlice {
    const held = this.rates.get(keyId);
    if (held && held.windowStart.getTime() === windowStart.getTime()) return held;
    // A new minute: what was left of the last one lapses with it.
    const slice: RateSlice = {
      windowStart,
      freeRequests: 0,
      freeTokens: 0,
      windowRequests: 0,
      windowTokens: 0,
      lastUsed: nowMs(),
      pending: null,
      refusedUntil: 0,
      refusedBy: "requests",
    };
    this.rates.set(keyId, slice);
    this.startSweeping();
    this.deleteOldWindows();
    return slice;
  }

  /**
   * A window's row is read only during its minute, and every key with a rate limit adds one a
   * minute it is used: the replica that starts a new minute deletes rows over an hour old, at most
   * once an hour, so the table holds about the last two hours.
   */
  private deleteOldWindows(): void {
    const now = nowMs();
    if (now - this.windowsDeletedAt < WINDOWS_KEPT_MS) return;
    this.windowsDeletedAt = now;
    deleteRateWindowsBefore(dateAt(now - WINDOWS_KEPT_MS)).catch((error) =>
      console.error("[gateway] old rate-limit windows not deleted:", error instanceof Error ? error.message : error),
    );
  }

  private async growRate(key: GatewayKey, slice: RateSlice, counted: number, limits: { rpm: number; tpm: number }) {
    const needRequests = slice.freeRequests >= 1 ? 0 : 1;
    const needTokens = Math.max(0, counted - slice.freeTokens);
    const sliceRequests = key.requestsPerMinute === null ? UNLIMITED_SLICE : Math.ceil(limits.rpm / SLICE_SHARE);
    const sliceTokens = Math.min(limits.tpm, Math.max(needTokens, Math.ceil(limits.tpm / SLICE_SHARE)));
    const wanted = {
      requests: needRequests === 0 ? 0 : Math.min(limits.rpm, sliceRequests),
      tokens: key.tokensPerMinute === null || needTokens === 0 ? 0 : sliceTokens,
    };
    const needed = { requests: needRequests, tokens: key.tokensPerMinute === null ? 0 : needTokens };
    let granted = wanted;
    let totals = await grantRate(key.id, slice.windowStart, wanted, limits);
    if (!totals && (needed.requests !== wanted.requests || needed.tokens !== wanted.tokens)) {
      // Less than a slice is left this minute: take just what this call needs.
      granted = needed;
      totals = await grantRate(key.id, slice.windowStart, needed, limits);
    }
    if (!totals) {
      const current = await readRate(key.id, slice.windowStart);
      slice.windowRequests = current.requests;
      slice.windowTokens = current.tokens;
      slice.refusedBy = current.requests + needed.requests > limits.rpm ? "requests" : "tokens";
      slice.refusedUntil = nowMs() + REFUSAL_MEMORY_MS;
      return;
    }
    slice.freeRequests += granted.requests;
    slice.freeTokens += granted.tokens;
    slice.windowRequests = totals.requests;
    slice.windowTokens = totals.tokens;
    slice.refusedUntil = 0;
    slice.lastUsed = nowMs();
  }

  private rateRefusal(key: GatewayKey, slice: RateSlice, counted: number, now: Date): OpenAIShapedError {
    const used = { requests: slice.windowRequests - slice.freeRequests, tokens: slice.windowTokens - slice.freeTokens };
    const wait = secondsLeft(slice.windowStart, now);
    return rateLimited(
      key,
      slice.refusedBy,
      slice.windowStart,
      now,
      used,
      slice.refusedBy === "requests"
        ? `Rate limit reached for this API key: ${key.requestsPerMinute} requests per minute. Try again in ${wait} s.`
        : `Rate limit reached for this API key: ${key.tokensPerMinute} tokens per minute (used ${used.tokens}, this request needs about ${counted}). Try again in ${wait} s.`,
    );
  }

  /**
   * Reserves a call's worst-case cost against the key's monthly budget, or refuses with OpenAI's
   * 429 insufficient_quota. A call goes through only if its worst case fits in this replica's
   * slice, and slices are only granted while spent + reserved stays within the budget, so
   * concurrent calls on any number of replicas never together overrun it by more than an
   * under-estimated call. Keys that only alert reserve nothing: their spend is still counted.
   */
  /** The call's reservation from this replica's budget slice; undefined when the slice has no room. */
  private reservationFromSlice(key: GatewayKey, worstCase: bigint, now: Date): Reservation | null | undefined {
    if (key.monthlyBudgetNanoUsd === null) return null;
    const month = monthOf(now);
    if (key.budgetAction === "alert") return { month, nanoUsd: 0n, slice: null };
    const budget = key.monthlyBudgetNanoUsd;
    if (worstCase > budget) {
      this.countRefusal(key.id, now, "overBudget");
      throw overBudget(`This request could cost up to ${dollars(worstCase)}, more than this key's monthly budget of ${dollars(budget)}`);
    }
    // A call on an unpriced model reserves nothing, but still needs a budget that is not spent.
    const need = worstCase > 0n ? worstCase : 1n;
    const slice = this.budgetSlice(key.id, month);
    if (slice.held - slice.inFlight < need) return undefined;
    slice.inFlight += worstCase;
    slice.lastUsed = nowMs();
    return { month, nanoUsd: worstCase, slice };
  }

  private async reserve(key: GatewayKey, worstCase: bigint, now: Date): Promise<Reservation | null> {
    const month = monthOf(now);
    const budget = key.monthlyBudgetNanoUsd ?? 0n;
    const need = worstCase > 0n ? worstCase : 1n;
    for (;;) {
      const reservation = this.reservationFromSlice(key, worstCase, now);
      if (reservation !== undefined) return reservation;
      const slice = this.budgetSlice(key.id, month);
      if (slice.pending) {
        await slice.pending;
        continue;
      }
      if (slice.refusedUntil > nowMs()) {
        this.countRefusal(key.id, now, "overBudget");
        throw overBudget(
          `This API key has used its monthly budget of ${dollars(budget)} (calls in flight included); it resets at the start of next month (UTC)`,
        );
      }
      slice.pending = this.growBudget(key.id, slice, need, budget).finally(() => {
        slice.pending = null;
      });
      await slice.pending;
    }
  }

  private budgetSlice(keyId: string, month: string): BudgetSlice {
    const held = this.budgets.get(keyId);
    if (held && held.month === month) return held;
    if (held) {
      // A new month: the old slice goes back once its calls in flight have settled.
      held.current = false;
      if (held.inFlight === 0n) {
        this.addSpend(keyId, held.month, 0n, held.held);
        held.held = 0n;
      }
    }
    const slice: BudgetSlice = { month, held: 0n, inFlight: 0n, lastUsed: nowMs(), pending: null, refusedUntil: 0, current: true };
    this.budgets.set(keyId, slice);
    this.startSweeping();
    return slice;
  }

  private async growBudget(keyId: string, slice: BudgetSlice, need: bigint, budget: bigint) {
    const missing = need - (slice.held - slice.inFlight);
    const share = budget / BigInt(SLICE_SHARE);
    const wanted = share > missing ? share : missing;
    let granted = (await grantBudget(keyId, slice.month, wanted, budget)) ? wanted : 0n;
    if (granted === 0n && wanted !== missing && (await grantBudget(keyId, slice.month, missing, budget))) granted = missing;
    if (granted === 0n) {
      slice.refusedUntil = nowMs() + REFUSAL_MEMORY_MS;
      return;
    }
    slice.held += granted;
    slice.refusedUntil = 0;
    slice.lastUsed = nowMs();
  }

  private returnRate(keyId: string, slice: RateSlice): void {
    const tokens = Math.max(0, slice.freeTokens);
    if (slice.freeRequests <= 0 && tokens <= 0) return;
    this.pending.rate.push({ keyId, windowStart: slice.windowStart, requests: slice.freeRequests, tokens });
    slice.freeRequests = 0;
    slice.freeTokens = 0;
    this.scheduleWrite();
  }

  /** Adds spend and a released reservation to the next write (also what a failed write gives back). */
  private addSpend(keyId: string, month: string, spent: bigint, release: bigint): void {
    if (spent === 0n && release === 0n) return;
    const entry = this.pending.budget.find((e) => e.keyId === keyId && e.month === month);
    if (entry) {
      entry.spent += spent;
      entry.release += release;
    } else this.pending.budget.push({ keyId, month, spent, release });
    this.scheduleWrite();
  }

  /** Counts a call this key's limits refused, written with the settlements. */
  private countRefusal(keyId: string, now: Date, by: "rateLimited" | "overBudget"): void {
    this.addRefusals({ keyId, month: monthOf(now), rateLimited: 0, overBudget: 0, [by]: 1, lastAt: now });
  }

  private addRefusals(refused: Settlements["refused"][number]): void {
    const entry = this.pending.refused.find((e) => e.keyId === refused.keyId && e.month === refused.month);
    if (!entry) this.pending.refused.push({ ...refused });
    else {
      entry.rateLimited += refused.rateLimited;
      entry.overBudget += refused.overBudget;
      if (refused.lastAt > entry.lastAt) entry.lastAt = refused.lastAt;
    }
    this.scheduleWrite();
  }

  /** Lets lapsed minutes go, and gives back slices nobody has used for IDLE_RETURN_MS. */
  private sweep(): void {
    const now = nowMs();
    const minute = minuteOf(dateAt(now)).getTime();
    for (const [keyId, slice] of this.rates) {
      if (slice.pending) continue;
      if (slice.windowStart.getTime() < minute) this.rates.delete(keyId);
      else if (now - slice.lastUsed >= IDLE_RETURN_MS) {
        this.returnRate(keyId, slice);
        this.rates.delete(keyId);
      }
    }
    for (const [keyId, slice] of this.budgets) {
      if (slice.pending || slice.inFlight !== 0n || now - slice.lastUsed < IDLE_RETURN_MS) continue;
      this.addSpend(keyId, slice.month, 0n, slice.held);
      slice.held = 0n;
      this.budgets.delete(keyId);
    }
    if (this.rates.size === 0 && this.budgets.size === 0 && this.sweeping) {
      clearInterval(this.sweeping);
      this.sweeping = null;
    }
  }

  private startSweeping(): void {
    if (this.sweeping) return;
    this.sweeping = setInterval(() => this.sweep(), SWEEP_EVERY_MS);
    this.sweeping.unref?.();
  }

  private scheduleWrite(): void {
    if (this.settling) return;
    this.settling = setTimeout(
      () => {
        this.settling = null;
        this.flushing = this.flushing.then(() => this.write());
      },
      this.failing ? this.retryMs : SETTLE_EVERY_MS,
    );
    this.settling.unref?.();
  }

  /**
   * Writes what is gathered. If the database fails, what was not written is kept (merged with what
   * comes meanwhile) and tried again, so spend, released reservations and refusals are not lost to
   * a moment without a database; one log line per outage.
   */
  private async write(): Promise<void> {
    const batch = this.pending;
    this.pending = { rate: [], budget: [], refused: [] };
    try {
      await this.writeToDatabase(batch);
      if (this.failing) console.log("[gateway] settlements are written again");
      this.failing = false;
    } catch (error) {
      const left = error instanceof SettlementsNotWritten ? error.left : batch;
      if (!this.failing)
        console.error("[gateway] settlements not written, kept to try again:", error instanceof Error ? error.message : error);
      this.failing = true;
      this.pending.rate.push(...left.rate);
      for (const entry of left.budget) this.addSpend(entry.keyId, entry.month, entry.spent, entry.release);
      for (const entry of left.refused) this.addRefusals(entry);
      this.scheduleWrite();
    }
  }
}

/** This process's limits, shared by every gateway door it serves. */
export const gatewayLimits = new LeasedLimits();

function secondsLeft(windowStart: Date, now: Date): number {
  return Math.max(1, Math.ceil((windowStart.getTime() + 60_000 - now.getTime()) / 1000));
}

/** OpenAI's x-ratelimit-* headers, describing this key's limits rather than the upstream's. */
export function rateLimitHeaders(
  key: GatewayKey,
  used: { requests: number; tokens: number },
  windowStart: Date,
  now = dateAt(),
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

function overBudget(message: string): OpenAIShapedError {
  return new OpenAIShapedError(429, { message, type: "insufficient_quota", code: "insufficient_quota" });
}

export function dollars(nano: bigint): string {
  const cents = Number(nano / 10_000_000n);
  return `$${(cents / 100).toFixed(2)}`;
}
