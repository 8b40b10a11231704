import "server-only";
import { loadPriceBook } from "@/lib/usage/pricing";

export interface BatchRate {
  model: string;
  /** Micro-dollars per million tokens, already at the batch discount. */
  inputMicrosPerMillion: number;
  cachedInputMicrosPerMillion: number;
  outputMicrosPerMillion: number;
  batchDiscountPercent: number;
}

/** The batch rate of each model for the project (its own price where it has one), or null: unpriced. */
export async function batchRates(projectId: string, models: string[]): Promise<Record<string, BatchRate | null>> {
  const book = await loadPriceBook(models);
  const now = new Date();
  const rates: Record<string, BatchRate | null> = {};
  for (const model of models) {
    const price = book.lookup(model, now, projectId);
    if (!price) {
      rates[model] = null;
      continue;
    }
    const discount = Math.min(100, Math.max(0, price.batchDiscountPercent));
    const atBatchRate = (micros: number) => (micros * (100 - discount)) / 100;
    rates[model] = {
      model,
      inputMicrosPerMillion: atBatchRate(price.inputMicrosPerMillion),
      cachedInputMicrosPerMillion: atBatchRate(price.cachedInputMicrosPerMillion ?? price.inputMicrosPerMillion),
      outputMicrosPerMillion: atBatchRate(price.outputMicrosPerMillion),
      batchDiscountPercent: discount,
    };
  }
  return rates;
}
