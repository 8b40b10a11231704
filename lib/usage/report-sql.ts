import type { LocalDayPlan } from "./local-days";
import type { Dimension } from "./rollup-sql";
import type { GroupBy, UsageQuery } from "./schema";

// The statements behind a usage report: rows of (day, group, sums) for a range of the viewer's
// days, read from the narrow rollups (one dimension at a time, per day plus the hours a time zone
// moves) when they can answer, or from the wide hourly one.

/** Where the figures come from: one project, several, or (undefined) the whole instance. */
export type UsageScope = { projectIds?: string[] };

/** Where figures come from: one dimension of the narrow rollups (one value of it, or all), or the wide hourly one. */
type Source = { table: "byDimension"; dimension: Dimension; value?: string } | { table: "wide" };

const FILTERS = [
  ["model", "model"],
  ["apiKeyId", "key"],
  ["userId", "user"],
  ["endpoint", "endpoint"],
] as const;
const DIMENSION_OF: Partial<Record<GroupBy, Dimension>> = { model: "model", key: "key", user: "user", endpoint: "endpoint" };
const WIDE_COLUMN: Record<GroupBy, string> = {
  model: `r."model"`,
  key: `r."apiKeyId"`,
  user: `r."userId"`,
  endpoint: `r."endpoint"`,
  project: `r."projectId"`,
  none: `''`,
};

// usage_sum (a migration defines it) adds bigints as bigints: sum(bigint) accumulates in numeric,
// which measured a fifth slower on the widest reports. Sums leave as text, so that no digit is
// lost on the way to JavaScript.
const sumsOut = (columns: string[]) => columns.map((c) => `usage_sum("${c}")::text AS "${c}"`).join(", ");

function filtersOf(query: UsageQuery) {
  // "-" asks for "none" (no model, no key, no person); the rollups keep it as ''.
  return FILTERS.flatMap(([field, dimension]) => {
    const value = query[field];
    return value === undefined ? [] : [{ field, dimension, value: value === "-" && field !== "endpoint" ? "" : value }];
  });
}

/**
 * The narrow rollups answer a grouping with at most one filter on the same dimension (or a
 * grouping by project or none): one key's usage, every model's, the project's total. A filter on
 * one dimension with a grouping by another (one key's models), or two filters, need the wide one.
 */
function sourceOf(query: UsageQuery, groupBy: GroupBy): Source {
  const filters = filtersOf(query);
  const grouped = DIMENSION_OF[groupBy];
  if (filters.length === 0) return { table: "byDimension", dimension: grouped ?? "total" };
  if (filters.length === 1 && (!grouped || grouped === filters[0].dimension)) {
    return { table: "byDimension", dimension: filters[0].dimension, value: filters[0].value };
  }
  return { table: "wide" };
}

/** Whether a report needs the day plan (the narrow rollups) or reads hours with their zone (the wide one). */
export function readsNarrowRollups(query: UsageQuery, groupBy: GroupBy): boolean {
  return sourceOf(query, groupBy).table === "byDimension";
}

/**
 * A statement answering rows of (day, group, the columns summed) for the query's range, zone and
 * filters, grouped by `groupBy`. `plan` is required when the narrow rollups answer.
 */
export function figuresSql(
  query: UsageQuery,
  scope: UsageScope,
  groupBy: GroupBy,
  columns: string[],
  plan: LocalDayPlan | undefined,
): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const param = (value: unknown, cast = "") => {
    params.push(value);
    return `$${params.length}${cast}`;
  };
  const clauses: string[] = [];
  if (scope.projectIds) clauses.push(`r."projectId" = ANY(${param(scope.projectIds, "::text[]")})`);
  if (query.projectId) clauses.push(`r."projectId" = ${param(query.projectId)}`);
  const source = sourceOf(query, groupBy);

  if (source.table === "wide") {
    for (const filter of filtersOf(query)) clauses.push(`r."${filter.field}" = ${param(filter.value)}`);
    const tz = param(query.tz);
    const from = param(query.from, "::date");
    const to = param(query.to, "::date");
    // The range's local midnights as UTC timestamps; each hour's local day is that of its start.
    // Sum per hour and group first, then give each hour its local day: the time-zone conversion
    // runs once per hour and group, not once per rollup row.
    const sql = `SELECT to_char(((per_hour."hour" AT TIME ZONE 'UTC') AT TIME ZONE ${tz})::date, 'YYYY-MM-DD') AS day, "group", ${sumsOut(columns)}
      FROM (SELECT r."hour", ${WIDE_COLUMN[groupBy]} AS "group", ${columns.map((c) => `usage_sum(r."${c}") AS "${c}"`).join(", ")}
            FROM "UsageHourly" r
            WHERE r."hour" >= (${from}::timestamp AT TIME ZONE ${tz}) AT TIME ZONE 'UTC'
              AND r."hour" < ((${to} + 1)::timestamp AT TIME ZONE ${tz}) AT TIME ZONE 'UTC'
              ${clauses.map((c) => `AND ${c}`).join(" ")}
            GROUP BY 1, 2) per_hour
      GROUP BY 1, 2 ORDER BY 1, 2`;
    return { sql, params };
  }

  if (!plan) throw new Error("the narrow rollups need the local-day plan");
  clauses.push(`r."dimension" = ${param(source.dimension)}`);
  if (source.value !== undefined) clauses.push(`r."value" = ${param(source.value)}`);
  const where = clauses.join(" AND ");
  const startHour = param(plan.startHour, "::int");
  const group = DIMENSION_OF[groupBy] ? `r."value"` : groupBy === "project" ? `r."projectId"` : `''`;
  const hours = param(plan.hours, "::timestamp[]");
  // Whole stored days in their main local day, plus each moved hour once in its own day (+1) and
  // once out of its stored day's main day (−1): see lib/usage/local-days.ts.
  const sql = `WITH parts AS (
      SELECT d."localDay", ${group} AS "group", ${columns.map((c) => `r."${c}"`).join(", ")}
      FROM "UsageDailyByDimension" r
        JOIN unnest(${param(plan.utcDays, "::date[]")}, ${param(plan.mainDays, "::date[]")}) AS d("utcDay", "localDay") ON d."utcDay" = r."day"
      WHERE ${where} AND r."startHour" = ${startHour}
        AND r."day" >= ${param(plan.first, "::date")} AND r."day" <= ${param(plan.last, "::date")}
      UNION ALL
      SELECT m."localDay", ${group}, ${columns.map((c) => `m."sign" * r."${c}"`).join(", ")}
      FROM "UsageHourlyByDimension" r
        JOIN unnest(${hours}, ${param(plan.hourDays, "::date[]")}, ${param(plan.signs, "::int[]")}) AS m("hour", "localDay", "sign") ON m."hour" = r."hour"
      WHERE ${where} AND r."hour" = ANY(${hours})
    )
    SELECT to_char("localDay", 'YYYY-MM-DD') AS day, "group", ${sumsOut(columns)}
    FROM parts GROUP BY "localDay", "group" HAVING usage_sum("requests") > 0 ORDER BY "localDay", "group"`;
  return { sql, params };
}
