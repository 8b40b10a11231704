import "server-only";
import { db } from "@/lib/db/client";
import { PriceBook, priceCandidates } from "@/lib/usage/pricing";

// The prices in effect now, as the playground needs them to price a turn in the browser: per model
// name, the project's own price where it has one, else the instance's. Only the rates leave.

export interface ModelRates {
  model: string;
  inputMicrosPerMillion: number;
  cachedInputMicrosPerMillion: number | null;
  outputMicrosPerMillion: number;
}

export async function currentPrices(projectId: string, models?: string[]): Promise<ModelRates[]> {
  const prisma = await db();
  const now = new Date();
  const names = models ? [...new Set(models.flatMap(priceCandidates))] : undefined;
  const rows = await prisma.modelPrice.findMany({
    where: {
      effectiveFrom: { lte: now },
      OR: [{ projectId: null }, { projectId }],
      ...(names ? { model: { in: names } } : {}),
    },
  });
  const book = new PriceBook(rows);
  const wanted = models ?? [...new Set(rows.map((row) => row.model))].sort();
  return wanted.flatMap((model) => {
    const price = book.lookup(model, now, projectId);
    return price
      ? [
          {
            model,
            inputMicrosPerMillion: price.inputMicrosPerMillion,
            cachedInputMicrosPerMillion: price.cachedInputMicrosPerMillion,
            outputMicrosPerMillion: price.outputMicrosPerMillion,
          },
        ]
      : [];
  });
}
