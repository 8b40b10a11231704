import { LATENCY_BOUNDS_MS, LATENCY_COLUMNS } from "./latency";

// The SQL that adds usage events to the hourly rollups. It reads from a relation of freshly
// inserted events (the RETURNING of the insert in store.ts, so a replayed event adds nothing) or,
// to rebuild, from the whole UsageEvent table. Rows are upserted in key order so that two
// flushers adding to the same hours never wait on each other in opposite orders (no deadlock).

// width_bucket with a threshold array: 0 below the first bound, i from bound i-1 up to bound i.
const latencyBucket = `width_bucket("latencyMs", ARRAY[${LATENCY_BOUNDS_MS.join(",")}])`;

const MEASURES: [string, string][] = [
  ["requests", "count(*)"],
  ["errors", `count(*) FILTER (WHERE "outcome" IN ('upstream_error', 'network_error', 'timeout'))`],
  ["unpriced", `count(*) FILTER (WHERE NOT "priced")`],
  ["inputTokens", `sum("inputTokens")`],
  ["cachedTokens", `sum("cachedTokens")`],
  ["outputTokens", `sum("outputTokens")`],
  ["reasoningTokens", `sum("reasoningTokens")`],
  ["costNanoUsd", `coalesce(sum("costNanoUsd") FILTER (WHERE "priced"), 0)`],
  ...LATENCY_COLUMNS.map((column, i): [string, string] => [column, `count(*) FILTER (WHERE ${latencyBucket} = ${i})`]),
];

const KEYS_FULL: [string, string][] = [
  ["projectId", `"projectId"`],
  ["hour", `date_trunc('hour', "startedAt")`],
  ["model", `coalesce("model", '')`],
  ["apiKeyId", `coalesce("apiKeyId", '')`],
  ["userId", `coalesce("userId", '')`],
  ["endpoint", `"endpoint"`],
  ["source", `"source"`],
];
const KEYS_BY_MODEL = KEYS_FULL.slice(0, 3);

function upsert(table: string, keys: [string, string][], from: string): string {
  const columns = [...keys.map(([name]) => name), ...MEASURES.map(([name]) => name)].map((name) => `"${name}"`).join(", ");
  const select = [...keys.map(([, expr]) => expr), ...MEASURES.map(([, expr]) => expr)].join(", ");
  const positions = keys.map((_, i) => i + 1).join(", ");
  const conflict = keys.map(([name]) => `"${name}"`).join(", ");
  const add = MEASURES.map(([name]) => `"${name}" = "${table}"."${name}" + EXCLUDED."${name}"`).join(", ");
  return `INSERT INTO "${table}" (${columns})
    SELECT ${select} FROM ${from} GROUP BY ${positions} ORDER BY ${positions}
    ON CONFLICT (${conflict}) DO UPDATE SET ${add}`;
}

export function upsertHourly(from: string): string {
  return upsert("UsageHourly", KEYS_FULL, from);
}

export function upsertHourlyByModel(from: string): string {
  return upsert("UsageHourlyByModel", KEYS_BY_MODEL, from);
}
