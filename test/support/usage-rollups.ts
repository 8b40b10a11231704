import { latencyBucket } from "@/lib/usage/latency";
import { DAY_START_HOURS } from "@/lib/usage/rollup-sql";

// The rollups worked out in JavaScript from the raw events, to check the SQL that keeps them
// against something written apart from it.

export interface RawEvent {
  projectId: string;
  model: string | null;
  apiKeyId: string | null;
  userId: string | null;
  endpoint: string;
  source: string;
  outcome: string;
  priced: boolean;
  inputTokens: number;
  cachedTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  costNanoUsd: bigint | string | null;
  latencyMs: number;
  startedAt: Date;
}

export const RAW_EVENT_COLUMNS = `"projectId", "model", "apiKeyId", "userId", "endpoint", "source", "outcome", "priced", "inputTokens",
  "cachedTokens", "outputTokens", "reasoningTokens", "costNanoUsd"::text AS "costNanoUsd", "latencyMs", "startedAt"`;

/** A rollup row's measures, as strings so that bigints compare exactly. */
export type Measures = Record<string, string>;

const COUNTED = ["requests", "errors", "unpriced", "inputTokens", "cachedTokens", "outputTokens", "reasoningTokens", "costNanoUsd"];
export const MEASURE_NAMES = [...COUNTED, ...Array.from({ length: 16 }, (_, i) => `lat${i}`)];

export function emptyMeasures(): Record<string, bigint> {
  return Object.fromEntries(MEASURE_NAMES.map((m) => [m, 0n]));
}

export function addEvent(sums: Record<string, bigint>, event: RawEvent): void {
  sums.requests += 1n;
  if (["upstream_error", "network_error", "timeout"].includes(event.outcome)) sums.errors += 1n;
  if (!event.priced) sums.unpriced += 1n;
  sums.inputTokens += BigInt(event.inputTokens);
  sums.cachedTokens += BigInt(event.cachedTokens);
  sums.outputTokens += BigInt(event.outputTokens);
  sums.reasoningTokens += BigInt(event.reasoningTokens);
  if (event.priced && event.costNanoUsd !== null) sums.costNanoUsd += BigInt(event.costNanoUsd);
  sums[`lat${latencyBucket(event.latencyMs)}`] += 1n;
}

const asStrings = (sums: Record<string, bigint>): Measures => Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v.toString()]));

const hourOf = (at: Date) => new Date(Math.floor(at.getTime() / 3_600_000) * 3_600_000).toISOString();
// The UTC date the stored day holding a moment starts on, for days starting at that UTC hour.
const dayOf = (at: Date, startHour: number) => new Date(at.getTime() - startHour * 3_600_000).toISOString().slice(0, 10);

export function dimensionValues(event: RawEvent): [string, string][] {
  return [
    ["model", event.model ?? ""],
    ["key", event.apiKeyId ?? ""],
    ["user", event.userId ?? ""],
    ["endpoint", event.endpoint],
    ["total", ""],
  ];
}

/** Every row each rollup table should hold, keyed by table and the row's key columns joined by "|". */
export function expectedRollups(events: RawEvent[]): Record<string, Map<string, Measures>> {
  const tables: Record<string, Map<string, Record<string, bigint>>> = {
    UsageHourly: new Map(),
    UsageDailyByDimension: new Map(),
    UsageHourlyByDimension: new Map(),
  };
  const add = (table: string, key: string, event: RawEvent) => {
    const sums = tables[table].get(key) ?? emptyMeasures();
    addEvent(sums, event);
    tables[table].set(key, sums);
  };
  for (const e of events) {
    const hour = hourOf(e.startedAt);
    add("UsageHourly", [e.projectId, hour, e.model ?? "", e.apiKeyId ?? "", e.userId ?? "", e.endpoint, e.source].join("|"), e);
    for (const [dimension, value] of dimensionValues(e)) {
      for (const startHour of DAY_START_HOURS) {
        add("UsageDailyByDimension", [e.projectId, dimension, startHour, dayOf(e.startedAt, startHour), value].join("|"), e);
      }
      add("UsageHourlyByDimension", [e.projectId, dimension, hour, value].join("|"), e);
    }
  }
  return Object.fromEntries(Object.entries(tables).map(([table, rows]) => [table, new Map([...rows].map(([k, v]) => [k, asStrings(v)]))]));
}

const KEY_SQL: Record<string, string> = {
  UsageHourly: `concat_ws('|', "projectId", to_char("hour", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), "model", "apiKeyId", "userId", "endpoint", "source")`,
  UsageDailyByDimension: `concat_ws('|', "projectId", "dimension", "startHour", to_char("day", 'YYYY-MM-DD'), "value")`,
  UsageHourlyByDimension: `concat_ws('|', "projectId", "dimension", to_char("hour", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), "value")`,
};

/** The statement that reads a rollup table's rows of some projects ($1, text[]) in the same shape. */
export function rollupRowsSql(table: string): string {
  return `SELECT ${KEY_SQL[table]} AS key, ${MEASURE_NAMES.map((m) => `"${m}"::text AS "${m}"`).join(", ")}
    FROM "${table}" WHERE "projectId" = ANY($1::text[])`;
}

export function rowsByKey(rows: Record<string, string>[]): Map<string, Measures> {
  return new Map(rows.map(({ key, ...measures }) => [key, measures]));
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** The local date (YYYY-MM-DD) of a moment in a time zone. */
export function localDate(at: Date, tz: string): string {
  let format = formats.get(tz);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit" });
    formats.set(tz, format);
  }
  return format.format(at);
}

/** The local day an event counts in: that of the start of its UTC hour, as the rollups bucket it. */
export function reportDay(startedAt: Date, tz: string): string {
  return localDate(new Date(Math.floor(startedAt.getTime() / 3_600_000) * 3_600_000), tz);
}
