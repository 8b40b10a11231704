import "server-only";
import { recordAudit } from "@/lib/audit/record";
import type { SessionUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/http/errors";
import type { RequestMeta } from "@/lib/http/handler";
import type { PriceInput } from "./schema";

// The instance's price table as admins see it: per model, the price in effect now, the history
// of earlier and scheduled rows, and the models seen in usage that have no price ("unpriced").

export interface PriceRow {
  id: string;
  model: string;
  projectId: string | null;
  effectiveFrom: string;
  inputUsdPerMillion: number;
  cachedInputUsdPerMillion: number | null;
  outputUsdPerMillion: number;
  batchDiscountPercent: number;
  createdAt: string;
}

const usd = (micros: number) => micros / 1e6;
const micros = (dollars: number) => Math.round(dollars * 1e6);

export async function listPrices(now = new Date()) {
  const prisma = await db();
  const rows = await prisma.modelPrice.findMany({ orderBy: [{ model: "asc" }, { effectiveFrom: "desc" }] });
  const byModel = new Map<string, { current: PriceRow | null; history: PriceRow[] }>();
  for (const row of rows) {
    if (row.projectId) continue;
    const shown: PriceRow = {
      id: row.id,
      model: row.model,
      projectId: row.projectId,
      effectiveFrom: row.effectiveFrom.toISOString(),
      inputUsdPerMillion: usd(row.inputMicrosPerMillion),
      cachedInputUsdPerMillion: row.cachedInputMicrosPerMillion === null ? null : usd(row.cachedInputMicrosPerMillion),
      outputUsdPerMillion: usd(row.outputMicrosPerMillion),
      batchDiscountPercent: row.batchDiscountPercent,
      createdAt: row.createdAt.toISOString(),
    };
    const entry = byModel.get(row.model) ?? { current: null, history: [] };
    if (!entry.current && row.effectiveFrom <= now) entry.current = shown;
    entry.history.push(shown);
    byModel.set(row.model, entry);
  }
  // Models that requests were made with but that no price covers, most recently seen first. From
  // the daily rollup by model (UTC days), not the events: those had to be read whole, every one of
  // them, for the few that are unpriced. lastSeen is the day.
  const unpriced = await prisma.$queryRawUnsafe<{ model: string; requests: string; last: string }[]>(
    `SELECT "value" AS "model", sum("unpriced")::text AS requests, to_char(max("day"), 'YYYY-MM-DD') AS last FROM "UsageDailyByDimension"
     WHERE "dimension" = 'model' AND "startHour" = 0 AND "unpriced" > 0 AND "value" <> ''
     GROUP BY 1 ORDER BY max("day") DESC, 1 LIMIT 100`,
  );
  return {
    models: [...byModel.entries()].map(([model, entry]) => ({ model, ...entry })),
    unpriced: unpriced.map((u) => ({ model: u.model, requests: Number(u.requests), lastSeen: `${u.last}T00:00:00.000Z` })),
  };
}

/** A new price row: from now (or a later moment) on; earlier usage keeps the cost it was recorded with. */
export async function addPrice(actor: SessionUser, input: PriceInput, meta: RequestMeta) {
  const now = new Date();
  const effectiveFrom = input.effectiveFrom ? new Date(input.effectiveFrom) : now;
  // A minute's grace for clocks; a price dated in the past would disagree with stored costs.
  if (effectiveFrom.getTime() < now.getTime() - 60_000) {
    throw new AppError("bad_request", "A price takes effect now or later: past usage keeps the cost it was recorded with", "effectiveFrom");
  }
  if (input.cachedInputUsdPerMillion !== null && input.cachedInputUsdPerMillion > input.inputUsdPerMillion) {
    throw new AppError("bad_request", "Cached input should not cost more than input", "cachedInputUsdPerMillion");
  }
  const prisma = await db();
  return prisma.$transaction(async (tx) => {
    const row = await tx.modelPrice.create({
      data: {
        model: input.model,
        effectiveFrom,
        inputMicrosPerMillion: micros(input.inputUsdPerMillion),
        cachedInputMicrosPerMillion: input.cachedInputUsdPerMillion === null ? null : micros(input.cachedInputUsdPerMillion),
        outputMicrosPerMillion: micros(input.outputUsdPerMillion),
        batchDiscountPercent: input.batchDiscountPercent,
        createdById: actor.id,
      },
    });
    await recordAudit(
      {
        actorId: actor.id,
        action: "price.create",
        targetType: "model_price",
        targetId: row.id,
        after: { ...input, effectiveFrom: effectiveFrom.toISOString() },
        ...meta,
      },
      tx,
    );
    return { id: row.id };
  });
}
