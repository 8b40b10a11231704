// The estimated cost of a batch from the browser's check of its file: input tokens counted with
// the tokenizer, output tokens only as far as the lines cap them. No server imports.
import type { LineCheckReport } from "./check-lines";

export interface BatchRateView {
  inputMicrosPerMillion: number;
  outputMicrosPerMillion: number;
  batchDiscountPercent: number;
}

export interface CostEstimate {
  inputDollars: number;
  /** The most the capped lines' output can cost; lines without a cap are not in it. */
  outputCapDollars: number;
  linesWithoutCap: number;
}

export function estimateCost(
  report: Pick<LineCheckReport, "inputTokens" | "outputTokenCap" | "linesWithoutCap">,
  rate: BatchRateView,
): CostEstimate {
  return {
    inputDollars: (report.inputTokens * rate.inputMicrosPerMillion) / 1e12,
    outputCapDollars: (report.outputTokenCap * rate.outputMicrosPerMillion) / 1e12,
    linesWithoutCap: report.linesWithoutCap,
  };
}

export function formatDollars(dollars: number): string {
  if (dollars === 0) return "$0.00";
  if (dollars < 0.01) return `$${dollars.toPrecision(2)}`;
  return `$${dollars.toFixed(2)}`;
}
