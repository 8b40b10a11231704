import { LATENCY_BOUNDS_MS, LATENCY_COLUMNS } from "./latency";

// The SQL that adds usage events to the rollups. Events are summed once per hour and every
// dimension (the wide rollup's own rows, "fine" sums); the narrow rollups then add up those sums,
// so the per-event work (the latency buckets, the error and price filters) is done once, not once
// per rollup and dimension. The events come from a relation of freshly inserted ones (the
// RETURNING of the insert in store.ts, so a replayed event adds nothing) or, to rebuild, from the
// whole UsageEvent table. Rows are upserted in key order so that two flushers adding to the same
// rows never wait on each other in opposite orders (no deadlock).

// width_bucket with a threshold array: 0 below the first bound, i from bound i-1 up to bound i.
// Computed once per event in fineSums (not once per bucket column: 16 times as dear on PGlite).
const latencyBucket = `width_bucket("latencyMs", ARRAY[${LATENCY_BOUNDS_MS.join(",")}])`;

const TOKENS = ["inputTokens", "cachedTokens", "outputTokens", "reasoningTokens"];

// The rollups' measures, from groups of events (fineSums): n events each, their sums alongside.
const countWhere = (condition: string) => `coalesce(sum("n") FILTER (WHERE ${condition}), 0)`;
const MEASURES_OF_GROUPS: [string, string][] = [
  ["requests", `sum("n")`],
  ["errors", countWhere(`"failed"`)],
  ["unpriced", countWhere(`NOT "priced"`)],
  ...TOKENS.map((name): [string, string] => [name, `sum("${name}")`]),
  ["costNanoUsd", `coalesce(sum("costNanoUsd") FILTER (WHERE "priced"), 0)`],
  ...LATENCY_COLUMNS.map((column, i): [string, string] => [column, countWhere(`"latencyBucket" = ${i}`)]),
];

/** The rollups' measure columns, all additive. */
export const MEASURE_COLUMNS = MEASURES_OF_GROUPS.map(([name]) => name);

// The wide rollup's key, in the order of its primary key.
const KEYS_FULL: [string, string][] = [
  ["projectId", `"projectId"`],
  ["hour", `date_trunc('hour', "startedAt")`],
  ["model", `coalesce("model", '')`],
  ["apiKeyId", `coalesce("apiKeyId", '')`],
  ["userId", `coalesce("userId", '')`],
  ["endpoint", `"endpoint"`],
  ["source", `"source"`],
];

/** What the by-dimension rollups slice by; "total" is the project's whole usage. */
export const DIMENSIONS = ["model", "key", "user", "endpoint", "total"] as const;
export type Dimension = (typeof DIMENSIONS)[number];

// The value of each dimension in a row of fine sums ('' for none, as in the wide rollup).
const DIMENSION_VALUE: Record<Dimension, string> = {
  model: `f."model"`,
  key: `f."apiKeyId"`,
  user: `f."userId"`,
  endpoint: `f."endpoint"`,
  total: `''`,
};

const list = (names: string[]) => names.map((name) => `"${name}"`).join(", ");

// The events' own parts of the fine sums: each is summed over events once, alongside a count per
// latency bucket, kind of outcome and price flag. The per-bucket and filtered counts are then taken
// from those few groups, not tested for every event: 18 filters an event, which cost PGlite's
// thread ~0.5 µs an event of the ~20 a batch of 2,000 takes to store.
const EVENT_SUMS = [...TOKENS, "costNanoUsd"].map((name): [string, string] => [name, `sum("${name}")`]);
const GROUP_PARTS: [string, string][] = [
  ["latencyBucket", latencyBucket],
  ["failed", `"outcome" IN ('upstream_error', 'network_error', 'timeout')`],
  ["priced", `"priced"`],
];

/** The events of `from` summed per project, hour, model, key, person, endpoint and source. */
export function fineSums(from: string): string {
  const inner = [...KEYS_FULL, ...GROUP_PARTS, ["n", "count(*)"], ...EVENT_SUMS].map(([name, expr]) => `${expr} AS "${name}"`).join(", ");
  const groups = [...KEYS_FULL, ...GROUP_PARTS].map((_, i) => i + 1).join(", ");
  const outer = [...KEYS_FULL.map(([name]): [string, string] => [name, `"${name}"`]), ...MEASURES_OF_GROUPS]
    .map(([name, expr]) => `${expr} AS "${name}"`)
    .join(", ");
  return `SELECT ${outer} FROM (SELECT ${inner} FROM ${from} GROUP BY ${groups}) AS g GROUP BY ${KEYS_FULL.map((_, i) => i + 1).join(", ")}`;
}

function onConflictAdd(table: string, keys: string[]): string {
  const add = MEASURE_COLUMNS.map((name) => `"${name}" = "${table}"."${name}" + EXCLUDED."${name}"`).join(", ");
  return `ON CONFLICT (${list(keys)}) DO UPDATE SET ${add}`;
}

/** Adds fine sums (a relation named by `fine`) to the wide hourly rollup: they are its rows. */
export function upsertHourly(fine: string): string {
  const keys = KEYS_FULL.map(([name]) => name);
  return `INSERT INTO "UsageHourly" (${list([...keys, ...MEASURE_COLUMNS])})
    SELECT ${list([...keys, ...MEASURE_COLUMNS])} FROM ${fine} ORDER BY ${list(keys)}
    ${onConflictAdd("UsageHourly", keys)}`;
}

/**
 * The UTC hours days start at in the daily by-dimension rollup. Any time zone's day boundary is
 * then at most four hours from one of them, so a report reads at most four hours a day from the
 * hourly table (lib/usage/local-days.ts); each start costs one more daily upsert per value.
 */
export const DAY_START_HOURS = [0, 8, 16] as const;

// Fine sums added up per project, bucket and dimension: each row once per dimension (and per day
// start). `buckets` are the key columns between the dimension and its value, with their values.
function upsertByDimension(table: string, buckets: [string, string][], fine: string, join = ""): string {
  const keys = ["projectId", "dimension", ...buckets.map(([name]) => name), "value"];
  const values = DIMENSIONS.map((d) => `('${d}', ${DIMENSION_VALUE[d]})`).join(", ");
  const positions = keys.map((_, i) => i + 1).join(", ");
  return `INSERT INTO "${table}" (${list([...keys, ...MEASURE_COLUMNS])})
    SELECT f."projectId", d."dimension", ${buckets.map(([, expr]) => expr).join(", ")}, d."value", ${MEASURE_COLUMNS.map((m) => `sum(f."${m}")`).join(", ")}
    FROM ${fine} f CROSS JOIN LATERAL (VALUES ${values}) AS d("dimension", "value")${join}
    GROUP BY ${positions} ORDER BY ${positions}
    ${onConflictAdd(table, keys)}`;
}

/** One dimension at a time, per day (starting at each of DAY_START_HOURS): the bulk of what a chart over days reads. */
export function upsertDailyByDimension(fine: string): string {
  return upsertByDimension(
    "UsageDailyByDimension",
    [
      ["startHour", `s."startHour"`],
      ["day", `(f."hour" - make_interval(hours => s."startHour"))::date`],
    ],
    fine,
    ` CROSS JOIN (VALUES ${DAY_START_HOURS.map((h) => `(${h})`).join(", ")}) AS s("startHour")`,
  );
}

/** One dimension at a time, per hour: the hours a time zone moves into the day before or after. */
export function upsertHourlyByDimension(fine: string): string {
  return upsertByDimension("UsageHourlyByDimension", [["hour", `f."hour"`]], fine);
}

/**
 * Builds every rollup from the whole UsageEvent table, into empty rollups: the wide one from the
 * events, the narrow ones from the wide one (whose rows are the events' fine sums).
 */
export function rebuildRollups(): string[] {
  return [
    upsertHourly(`(${fineSums(`"UsageEvent"`)}) AS fine`),
    upsertDailyByDimension(`"UsageHourly"`),
    upsertHourlyByDimension(`"UsageHourly"`),
  ];
}
