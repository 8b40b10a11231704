import "server-only";
import { getDatabase } from "@/lib/db/client";
import type { ModelPrice } from "@/lib/generated/prisma/client";

export type Price = Pick<
  ModelPrice,
  | "id"
  | "model"
  | "projectId"
  | "effectiveFrom"
  | "inputMicrosPerMillion"
  | "cachedInputMicrosPerMillion"
  | "outputMicrosPerMillion"
  | "batchDiscountPercent"
>;

export type PriceRates = Pick<
  Price,
  "inputMicrosPerMillion" | "cachedInputMicrosPerMillion" | "outputMicrosPerMillion" | "batchDiscountPercent"
>;

export interface TokenCounts {
  inputTokens: number;
  cachedTokens: number;
  outputTokens: number;
}

const DATED_SNAPSHOT = /^(.+)-\d{4}-\d{2}-\d{2}$/;
const FINE_TUNED = /^ft:([^:]+)/;

/**
 * The model names whose price applies to `model`, most specific first: the model itself, then
 * for a dated snapshot (`gpt-4.1-2025-04-14`) its family (`gpt-4.1`). Case-sensitive, as model ids are.
 */
export function priceCandidates(model: string): string[] {
  const names = [model];
  // A fine-tuned model (`ft:<base>:<org>:<suffix>:<id>`) costs more upstream than its base model,
  // but the base model's price is a better default than showing it unpriced; an admin who knows
  // the real price adds a row for the ft: id itself, which then wins.
  const base = FINE_TUNED.exec(model)?.[1];
  if (base) names.push(base);
  const family = DATED_SNAPSHOT.exec(base ?? model)?.[1];
  if (family) names.push(family);
  return names;
}

/** Price rows in memory, for pricing many events with one query. */
export class PriceBook {
  private readonly byModel = new Map<string, Price[]>();

  constructor(prices: Price[]) {
    for (const price of prices) {
      const list = this.byModel.get(price.model) ?? [];
      list.push(price);
      this.byModel.set(price.model, list);
    }
    for (const list of this.byModel.values()) list.sort((a, b) => b.effectiveFrom.getTime() - a.effectiveFrom.getTime());
  }

  /**
   * The price in effect at `at`: the most specific model name that has one wins, and for one name
   * the project's own price is preferred over the instance's.
   */
  lookup(model: string, at: Date, projectId?: string | null): Price | null {
    for (const name of priceCandidates(model)) {
      const rows = this.byModel.get(name);
      if (!rows) continue;
      const inEffect = (scope: string | null) => rows.find((row) => row.projectId === scope && row.effectiveFrom <= at) ?? null;
      const found = (projectId ? inEffect(projectId) : null) ?? inEffect(null);
      if (found) return found;
    }
    return null;
  }
}

// Each usage flush prices its events with this query: straight to the pool, a prepared statement,
// it costs the database and the event loop about a quarter of what Prisma's findMany did (~1 against
// ~4.5 ms of CPU on PGlite). effectiveFrom is stored as UTC without a zone; read as timestamptz so
// that pg makes the same Date whatever the process's time zone.
const PRICES = {
  name: "switchboard_price_book",
  text: `SELECT "id", "model", "projectId", "effectiveFrom" AT TIME ZONE 'UTC' AS "effectiveFrom", "inputMicrosPerMillion",
    "cachedInputMicrosPerMillion", "outputMicrosPerMillion", "batchDiscountPercent"
    FROM "ModelPrice" WHERE "model" = ANY($1::text[])`,
};

/** Loads every price row that could apply to these models. */
export async function loadPriceBook(models: Iterable<string>): Promise<PriceBook> {
  const names = new Set<string>();
  for (const model of models) for (const name of priceCandidates(model)) names.add(name);
  if (names.size === 0) return new PriceBook([]);
  const { pool } = await getDatabase();
  const { rows } = await pool.query<Price>({ ...PRICES, values: [[...names]] });
  return new PriceBook(rows);
}

/** The price of `model` in effect at `at` (for a project, its own price where it has one); null: unpriced. */
export async function priceFor(model: string, at: Date = new Date(), projectId?: string | null): Promise<Price | null> {
  return (await loadPriceBook([model])).lookup(model, at, projectId);
}

/**
 * The cost in nano-dollars (1 USD = 10⁹), in integer arithmetic. Cached tokens are part of the
 * input tokens and reasoning tokens part of the output tokens, so neither is added on top.
 * Rounded once, on the total, to the nearest nano-dollar.
 */
export function costOf(tokens: TokenCounts, price: PriceRates, options: { batch?: boolean } = {}): bigint {
  const input = BigInt(wholeTokens(tokens.inputTokens));
  const cached = min(BigInt(wholeTokens(tokens.cachedTokens)), input);
  const output = BigInt(wholeTokens(tokens.outputTokens));
  const inputRate = BigInt(price.inputMicrosPerMillion);
  const cachedRate = BigInt(price.cachedInputMicrosPerMillion ?? price.inputMicrosPerMillion);
  // tokens × micro-dollars per million tokens = pico-dollars; 1000 of them make a nano-dollar.
  let numerator = (input - cached) * inputRate + cached * cachedRate + output * BigInt(price.outputMicrosPerMillion);
  let denominator = 1000n;
  if (options.batch) {
    const discount = BigInt(Math.min(100, Math.max(0, Math.trunc(price.batchDiscountPercent))));
    numerator *= 100n - discount;
    denominator *= 100n;
  }
  return (numerator + denominator / 2n) / denominator;
}

function wholeTokens(n: number): number {
  return Number.isFinite(n) && n > 0 ? Math.trunc(n) : 0;
}

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
