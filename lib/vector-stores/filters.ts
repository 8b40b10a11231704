// The search tester's attribute filters: simple rows turned into the API's ComparisonFilter, or a
// CompoundFilter joining them with and/or.

export const OPERATORS = ["eq", "ne", "gt", "gte", "lt", "lte"] as const;
export type Operator = (typeof OPERATORS)[number];

export const OPERATOR_LABELS: Record<Operator, string> = {
  eq: "=",
  ne: "≠",
  gt: ">",
  gte: "≥",
  lt: "<",
  lte: "≤",
};

export interface FilterRow {
  key: string;
  operator: Operator;
  value: string;
}

export type ComparisonFilter = { type: Operator; key: string; value: string | number | boolean };
export type CompoundFilter = { type: "and" | "or"; filters: ComparisonFilter[] };

/**
 * A typed value from what was typed: `true`/`false` are booleans, a plain number is a number, and
 * anything else (or a value in double quotes, to keep "42" a string) is a string. Attributes keep
 * their type and a comparison only matches the same type, so this decides what a filter can match.
 */
export function parseFilterValue(text: string): string | number | boolean {
  const trimmed = text.trim();
  if (trimmed === "true") return true;
  if (trimmed === "false") return false;
  if (/^-?\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  if (trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')) return trimmed.slice(1, -1);
  return text;
}

export type FiltersResult =
  | { ok: true; filters: ComparisonFilter | CompoundFilter | undefined }
  | { ok: false; row: number; message: string };

/** Rows with neither key nor value are ignored; none left means no filter at all. */
export function buildFilters(rows: readonly FilterRow[], join: "and" | "or"): FiltersResult {
  const filters: ComparisonFilter[] = [];
  for (const [index, row] of rows.entries()) {
    const key = row.key.trim();
    if (!key && !row.value.trim()) continue;
    if (!key) return { ok: false, row: index, message: "A filter needs an attribute name." };
    if (!row.value.trim()) return { ok: false, row: index, message: `Give a value to compare “${key}” with.` };
    const value = parseFilterValue(row.value);
    if (typeof value === "boolean" && row.operator !== "eq" && row.operator !== "ne") {
      return { ok: false, row: index, message: "true and false can only be compared with = or ≠." };
    }
    filters.push({ type: row.operator, key, value });
  }
  if (filters.length === 0) return { ok: true, filters: undefined };
  if (filters.length === 1) return { ok: true, filters: filters[0] };
  return { ok: true, filters: { type: join, filters } };
}
