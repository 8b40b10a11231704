// A turn's cost in the browser, from the rates GET /api/projects/:id/prices returns. The same
// integer arithmetic as lib/usage/pricing.ts's costOf (rates in micro-dollars per million tokens),
// so the page agrees with the usage pages to the nano-dollar.
import type { TurnUsage } from "./state";

export interface Rates {
  inputMicrosPerMillion: number;
  cachedInputMicrosPerMillion: number | null;
  outputMicrosPerMillion: number;
}

export function turnCostNanos(usage: TurnUsage, rates: Rates): number {
  const input = BigInt(Math.max(0, Math.trunc(usage.input)));
  const cached = BigInt(Math.min(Math.max(0, Math.trunc(usage.cached)), Number(input)));
  const output = BigInt(Math.max(0, Math.trunc(usage.output)));
  const picos =
    (input - cached) * BigInt(rates.inputMicrosPerMillion) +
    cached * BigInt(rates.cachedInputMicrosPerMillion ?? rates.inputMicrosPerMillion) +
    output * BigInt(rates.outputMicrosPerMillion);
  return Number((picos + 500n) / 1000n);
}

/** Dollars with enough digits for a single turn: $0.000123, $0.0421, $1.27. */
export function formatNanos(nanos: number): string {
  const dollars = nanos / 1e9;
  if (dollars === 0) return "$0";
  if (dollars >= 1) return `$${dollars.toFixed(2)}`;
  return `$${dollars.toPrecision(3).replace(/0+$/, "").replace(/\.$/, "")}`;
}
