// Money and table helpers shared by the usage pages and their CSV export (no server code here).

/** Dollars from nano-dollars, for display ($0.0123; small amounts keep their digits). */
export function formatUsd(nano: string | number | bigint, options: { unpriced?: number } = {}): string {
  const dollars = Number(nano) / 1e9;
  const digits = dollars !== 0 && Math.abs(dollars) < 1 ? 4 : 2;
  const text = dollars.toLocaleString("en-US", {
    style: "currency",
    currency: "USD",
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  return options.unpriced ? `${text} + ${options.unpriced} unpriced` : text;
}

/**
 * A dollar tick of a chart's axis: short (three significant digits at most, thousands as "K") so
 * that it fits the axis on one line ($0.000225, $125, $1.23K), where a plain number ran to a dozen
 * characters and wrapped.
 */
export function formatUsdTick(dollars: number): string {
  return dollars.toLocaleString("en-US", {
    style: "currency",
    currency: "USD",
    maximumSignificantDigits: 3,
    notation: Math.abs(dollars) >= 1000 ? "compact" : "standard",
  });
}

/** A latency tick: milliseconds up to a second, then seconds ("350 ms", "1.05 s"). */
export function formatMsTick(ms: number): string {
  return Math.abs(ms) >= 1000 ? `${Number((ms / 1000).toPrecision(3))} s` : `${ms} ms`;
}

export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}

/** One CSV field: quoted when it holds a comma, a quote or a line break; formulas defused. */
export function csvField(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@]/.test(text) && typeof value === "string") text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(header: string[], rows: (string | number)[][]): string {
  return [header, ...rows].map((row) => row.map(csvField).join(",")).join("\r\n");
}
