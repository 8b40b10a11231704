/** A Unix time in seconds as a local date and time; "never" for none. */
export function formatUnix(seconds: number | null | undefined): string {
  if (!seconds) return "never";
  return new Date(seconds * 1000).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

export function formatCents(cents: number): string {
  return `$${(cents / 100).toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** Dollars typed in a form ("12.50") as whole cents, or NaN. */
export function centsFromDollars(text: string): number {
  const trimmed = text.trim().replace(/^\$/, "");
  if (!/^\d+(\.\d{1,2})?$/.test(trimmed)) return Number.NaN;
  return Math.round(Number(trimmed) * 100);
}
