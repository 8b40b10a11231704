import "server-only";
import { getDatabase } from "@/lib/db/client";
import type { UsageEvent } from "@/lib/generated/prisma/client";
import type { UsageEventInput } from "./event";
import { costOf, loadPriceBook, type PriceBook } from "./pricing";
import { fineSums, upsertDailyByDimension, upsertHourly, upsertHourlyByDimension } from "./rollup-sql";

// endedAt is not among them: the database works it out (ENDED_AT).
export type UsageEventRow = Omit<UsageEvent, "recordedAt" | "endedAt"> & {
  requestBody?: string | null;
  responseBody?: string | null;
  bodyTruncated?: boolean;
};

// Every column we write, with its SQL type, in two parts. Rows go to the database as one JSON
// document per statement, `[shared, events]`: the distinct sets of the values a batch's events
// mostly have in common (SHARED: a run of calls has one project, key, endpoint, model…), and for
// each event an array of the index of its shared set and its own values (OWN). Measured on
// PGlite: 1000 rows as JSON objects took ~90 ms against ~730 ms through Prisma's createMany (25
// bound parameters per row); as arrays, without the keys, ~15 % less again. With the common
// values sent once per batch, the database parses and reads about half as much, and with the
// plain insert below a batch of 2,000 on PGlite, built and stored, takes ~18.5 µs an event
// against ~22 (two runs each way, alternating). Times go as milliseconds since 1970 (EPOCH_MS):
// Dates send JSON.stringify down its slow path (toJSON, then toISOString). endedAt is not sent:
// it is startedAt plus the latency, and the database adds them (ENDED_AT).
const EPOCH_MS = "epoch_ms";
const SHARED: [keyof UsageEventRow, string][] = [
  ["projectId", "text"],
  ["userId", "text"],
  ["apiKeyId", "text"],
  ["source", "text"],
  ["method", "text"],
  ["endpoint", "text"],
  ["model", "text"],
  ["status", "integer"],
  ["outcome", "text"],
  ["usageReported", "boolean"],
  ["batch", "boolean"],
  ["priced", "boolean"],
  ["priceId", "text"],
];
// Element 0 of an event's array is the index of its shared set; these follow it.
const OWN: [keyof UsageEventRow, string][] = [
  ["id", "text"],
  ["inputTokens", "integer"],
  ["cachedTokens", "integer"],
  ["outputTokens", "integer"],
  ["reasoningTokens", "integer"],
  ["costNanoUsd", "bigint"],
  ["startedAt", EPOCH_MS],
  ["latencyMs", "integer"],
  ["ttftMs", "integer"],
  ["upstreamRequestId", "text"],
  // Stored in RequestLogBody rather than UsageEvent.
  ["requestBody", "text"],
  ["responseBody", "text"],
  ["bodyTruncated", "boolean"],
];
const BODY_COLUMNS = new Set<string>(["requestBody", "responseBody", "bodyTruncated"]);
const names = [...SHARED, ...OWN.filter(([name]) => !BODY_COLUMNS.has(name)), ["endedAt"]].map(([name]) => `"${name}"`).join(", ");
// Exact: the interval is a whole number of microseconds well inside a double's integers.
const columnValue = (from: string, i: number, type: string) =>
  type === EPOCH_MS ? `timestamp 'epoch' + (${from}->>${i})::bigint * interval '1 millisecond'` : `(${from}->>${i})::${type}`;
const ownAt = (name: string) => OWN.findIndex(([own]) => own === name) + 1;
const ENDED_AT = `timestamp 'epoch' + ((e->>${ownAt("startedAt")})::bigint + (e->>${ownAt("latencyMs")})::bigint) * interval '1 millisecond'`;
const RECORDS = `doc AS (SELECT convert_from($1::bytea, 'UTF8')::jsonb AS j),
  shared AS (
    SELECT (n - 1)::integer AS "index", ${SHARED.map(([name, type], i) => `${columnValue("s", i, type)} AS "${name}"`).join(", ")}
    FROM doc, jsonb_array_elements(doc.j->0) WITH ORDINALITY AS t(s, n)
  ),
  incoming AS (
    SELECT ${SHARED.map(([name]) => `s."${name}"`).join(", ")},
      ${OWN.map(([name, type], i) => `${columnValue("e", i + 1, type)} AS "${name}"`).join(", ")}, ${ENDED_AT} AS "endedAt"
    FROM doc, jsonb_array_elements(doc.j->1) AS e JOIN shared s ON s."index" = (e->>0)::integer
    ORDER BY "id"
  )`;
// One statement inserts the events, their logged bodies and adds them to the rollups: the
// rollups read the rows the insert returns, so the figures and the events can never disagree.
// Events are new but for a replayed segment (after a crash, or a write whose answer was lost). The
// plain insert goes first, which costs the database ~1.5 µs an event less (of ~18 on PGlite) than
// one that tests each row for a conflict first and confirms it after; if an id is already stored,
// it fails whole, and the batch goes again skipping the stored ids. The rest reads the insert's
// RETURNING in both: PostgreSQL then adds each statement's events (in id order) before it takes
// any rollup row (in key order), so concurrent writers never wait on each other in a circle. (An
// insert nothing reads runs at the statement's end, after the rollups: that order deadlocked.)
const insertStatement = (onConflict: string) => `WITH ${RECORDS},
  added AS (
    INSERT INTO "UsageEvent" (${names}) SELECT ${names} FROM incoming
    ${onConflict} RETURNING *
  ),
  bodies AS (
    INSERT INTO "RequestLogBody" ("eventId", "projectId", "startedAt", "requestBody", "responseBody", "truncated")
    SELECT i."id", i."projectId", i."startedAt", i."requestBody", i."responseBody", coalesce(i."bodyTruncated", false)
    FROM incoming i JOIN added a ON a."id" = i."id"
    WHERE i."requestBody" IS NOT NULL OR i."responseBody" IS NOT NULL
    ON CONFLICT ("eventId") DO NOTHING
  ),
  fine AS (${fineSums("added")}),
  hourly AS (${upsertHourly("fine")}),
  daily_by_dimension AS (${upsertDailyByDimension("fine")})
  ${upsertHourlyByDimension("fine")}`;
const INSERT_NEW = insertStatement("");
const INSERT_REPLAYED = insertStatement(`ON CONFLICT ("id") DO NOTHING`);
const UNIQUE_VIOLATION = "23505";
const ROWS_PER_STATEMENT = 1000;
const INT_MAX = 2 ** 31 - 1;

/**
 * Prices the events at the price in effect when each started and inserts them, ignoring ids
 * already stored, so writing the same events again (an outbox replay) changes nothing.
 */
export async function insertUsageEvents(events: UsageEventInput[]): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map(usageEventRow);
  const book = await loadPriceBook(new Set(rows.flatMap((row) => (row.model ? [row.model] : []))));
  for (const row of rows) applyPrice(row, book);
  const { pool } = await getDatabase();
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const document = Buffer.from(usageDocument(rows.slice(start, start + ROWS_PER_STATEMENT)));
    // Straight to the pool: Prisma's raw queries serialize their parameters once more (a JSON
    // string of the whole batch), a cost the event loop pays per event. As bytes, the document
    // is not measured character by character on the way either. Named, so each connection parses
    // it once and, after its first few runs, reuses one plan (ADR 0024): planning it anew took
    // ~3–6 ms a batch on PGlite, as much as inserting 100 events.
    try {
      await pool.query({ name: "switchboard_usage_insert_new", text: INSERT_NEW, values: [document] });
    } catch (error) {
      if ((error as { code?: unknown }).code !== UNIQUE_VIOLATION) throw error;
      await pool.query({ name: "switchboard_usage_insert_replayed", text: INSERT_REPLAYED, values: [document] });
    }
  }
}

/** The insert's document for these rows: `[shared, events]`, as RECORDS reads it. */
function usageDocument(rows: UsageEventRow[]): string {
  const shared: unknown[][] = [];
  const indexOf = new Map<string, number>();
  const events: unknown[][] = [];
  let last: unknown[] = [];
  let lastIndex = -1;
  for (const row of rows) {
    const values = sharedValues(row);
    // Runs of calls share their values with the call before: compared, not looked up.
    if (!sameValues(values, last)) {
      const key = JSON.stringify(values);
      let index = indexOf.get(key);
      if (index === undefined) {
        index = shared.push(values) - 1;
        indexOf.set(key, index);
      }
      last = values;
      lastIndex = index;
    }
    events.push(ownValues(row, lastIndex));
  }
  return JSON.stringify([shared, events]);
}

function sameValues(a: unknown[], b: unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// In SHARED's and OWN's order, written out: a loop over the column names, reading each row
// through a computed key, cost twice as much. The one bigint goes as a decimal string.
function sharedValues(row: UsageEventRow): unknown[] {
  return [
    row.projectId,
    row.userId,
    row.apiKeyId,
    row.source,
    row.method,
    row.endpoint,
    row.model,
    row.status,
    row.outcome,
    row.usageReported,
    row.batch,
    row.priced,
    row.priceId,
  ];
}

function ownValues(row: UsageEventRow, shared: number): unknown[] {
  return [
    shared,
    row.id,
    row.inputTokens,
    row.cachedTokens,
    row.outputTokens,
    row.reasoningTokens,
    row.costNanoUsd === null ? null : row.costNanoUsd.toString(),
    row.startedAt.getTime(),
    row.latencyMs,
    row.ttftMs,
    row.upstreamRequestId,
    row.requestBody ?? null,
    row.responseBody ?? null,
    row.bodyTruncated ?? null,
  ];
}

/**
 * The row for one event, not yet priced. Lines come back from disk, possibly written by another
 * version, so every field is normalised into what its column accepts: one bad value must never
 * block the outbox.
 */
function usageEventRow(event: UsageEventInput): UsageEventRow {
  return {
    id: text(event.id, 200) ?? "",
    projectId: text(event.projectId, 200) ?? "",
    userId: text(event.userId, 200),
    apiKeyId: text(event.apiKeyId, 200),
    source: text(event.source, 20) ?? "",
    method: text(event.method, 20) ?? "",
    endpoint: text(event.endpoint, 500) ?? "",
    model: text(event.model, 200),
    status: count(event.status),
    outcome: text(event.outcome, 40) ?? "",
    inputTokens: count(event.inputTokens),
    cachedTokens: count(event.cachedTokens),
    outputTokens: count(event.outputTokens),
    reasoningTokens: count(event.reasoningTokens),
    usageReported: event.usageReported === true,
    batch: event.batch === true,
    costNanoUsd: null,
    priced: false,
    priceId: null,
    startedAt: moment(event.startedAt),
    latencyMs: count(event.latencyMs),
    ttftMs: event.ttftMs === null || event.ttftMs === undefined ? null : count(event.ttftMs),
    upstreamRequestId: text(event.upstreamRequestId, 200),
    ...(event.bodies ? bodyColumns(event.bodies) : {}),
  };
}

/** Sets the cost at the price in effect when the call started; a model without a price stays unpriced. */
function applyPrice(row: UsageEventRow, book: PriceBook): void {
  if (!row.model) {
    // A call that names no model (files, vector stores…) and used no tokens costs nothing.
    if (row.inputTokens + row.outputTokens === 0) Object.assign(row, { costNanoUsd: 0n, priced: true });
    return;
  }
  const found = book.lookup(row.model, row.startedAt, row.projectId);
  if (!found) {
    // The upstream refused the call before using anything (a mistyped model's 404, a bad request):
    // nothing is billed, so it costs $0 whether or not its model has a price.
    if (row.outcome === "upstream_error" && row.inputTokens + row.outputTokens === 0) Object.assign(row, { costNanoUsd: 0n, priced: true });
    return;
  }
  row.costNanoUsd = costOf(row, found, { batch: row.batch });
  row.priced = true;
  row.priceId = found.id;
}

const MAX_BODY_CHARS = 256 * 1024;

function bodyColumns(bodies: NonNullable<UsageEventInput["bodies"]>) {
  const request = text(bodies.request, MAX_BODY_CHARS);
  const response = text(bodies.response, MAX_BODY_CHARS);
  const cut = (value: unknown) => typeof value === "string" && value.length > MAX_BODY_CHARS;
  return {
    requestBody: request,
    responseBody: response,
    bodyTruncated: bodies.truncated === true || cut(bodies.request) || cut(bodies.response),
  };
}

function count(value: unknown): number {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? Math.min(Math.trunc(n), INT_MAX) : 0;
}

// Some strings come from callers (a model name in a request body): PostgreSQL refuses NUL and
// unpaired surrogates in text, and a huge value has no business in a usage row.
function text(value: unknown, max: number): string | null {
  if (typeof value !== "string" || !value) return null;
  return value.slice(0, max).toWellFormed().replaceAll("\0", "\uFFFD");
}

// Years past 9999 would not survive the trip through an ISO string into PostgreSQL.
const LATEST = Date.UTC(9999, 0, 1);

function moment(value: unknown): Date {
  const date = new Date(typeof value === "string" || typeof value === "number" ? value : Number.NaN);
  const time = date.getTime();
  return Number.isNaN(time) || time < 0 || time > LATEST ? new Date() : date;
}
