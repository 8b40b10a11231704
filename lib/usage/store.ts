import "server-only";
import { getDatabase } from "@/lib/db/client";
import type { UsageEvent } from "@/lib/generated/prisma/client";
import type { UsageEventInput } from "./event";
import { costOf, loadPriceBook, type PriceBook } from "./pricing";
import { fineSums, upsertDailyByDimension, upsertHourly, upsertHourlyByDimension } from "./rollup-sql";

export type UsageEventRow = Omit<UsageEvent, "recordedAt"> & {
  requestBody?: string | null;
  responseBody?: string | null;
  bodyTruncated?: boolean;
};

// Every column we write, with its SQL type. Rows go to the database as one JSON document per
// statement, each row an array of its values in this order (asValues). Measured on PGlite: 1000
// rows as JSON objects took ~90 ms against ~730 ms through Prisma's createMany (25 bound
// parameters per row); as arrays, without the keys, the database thread spends ~15 % less again
// (batches of 500: ~68 against ~80 µs an event). Times go as milliseconds since 1970 (EPOCH_MS):
// Dates in the document sent JSON.stringify down its slow path (toJSON, then toISOString). With
// numbers and asValues written out, building the document takes the event loop ~0.5 µs an event
// instead of 2–3, and a batch of 2,000 on PGlite, built and stored, ~21 µs an event instead of 25
// (the database no longer parses two dates a row).
const EPOCH_MS = "epoch_ms";
const COLUMNS: [keyof UsageEventRow, string][] = [
  ["id", "text"],
  ["projectId", "text"],
  ["userId", "text"],
  ["apiKeyId", "text"],
  ["source", "text"],
  ["method", "text"],
  ["endpoint", "text"],
  ["model", "text"],
  ["status", "integer"],
  ["outcome", "text"],
  ["inputTokens", "integer"],
  ["cachedTokens", "integer"],
  ["outputTokens", "integer"],
  ["reasoningTokens", "integer"],
  ["usageReported", "boolean"],
  ["batch", "boolean"],
  ["costNanoUsd", "bigint"],
  ["priced", "boolean"],
  ["priceId", "text"],
  ["startedAt", EPOCH_MS],
  ["endedAt", EPOCH_MS],
  ["latencyMs", "integer"],
  ["ttftMs", "integer"],
  ["upstreamRequestId", "text"],
];
// Sent with each row, stored in RequestLogBody rather than UsageEvent.
const BODY_COLUMNS: [keyof UsageEventRow, string][] = [
  ["requestBody", "text"],
  ["responseBody", "text"],
  ["bodyTruncated", "boolean"],
];
const SENT = [...COLUMNS, ...BODY_COLUMNS];
const names = COLUMNS.map(([name]) => `"${name}"`).join(", ");
// Exact: the interval is a whole number of microseconds well inside a double's integers.
const columnValue = (i: number, type: string) =>
  type === EPOCH_MS ? `timestamp 'epoch' + (v->>${i})::bigint * interval '1 millisecond'` : `(v->>${i})::${type}`;
// One statement inserts the events, their logged bodies and adds them to the rollups:
// the rollups read only the rows this insert really added (RETURNING skips ids already stored),
// so a replayed segment changes nothing, and the figures and the events can never disagree.
const RECORDS = `(SELECT ${SENT.map(([name, type], i) => `${columnValue(i, type)} AS "${name}"`).join(", ")}
  FROM jsonb_array_elements(convert_from($1::bytea, 'UTF8')::jsonb) AS v) AS row`;
const INSERT = `WITH incoming AS (SELECT * FROM ${RECORDS} ORDER BY "id"),
  added AS (
    INSERT INTO "UsageEvent" (${names}) SELECT ${names} FROM incoming
    ON CONFLICT ("id") DO NOTHING RETURNING *
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
    const json = JSON.stringify(rows.slice(start, start + ROWS_PER_STATEMENT).map(asValues));
    // Straight to the pool: Prisma's raw queries serialize their parameters once more (a JSON
    // string of the whole batch), a cost the event loop pays per event. As bytes, the document
    // is not measured character by character on the way either. Named, so each connection parses
    // it once and, after its first few runs, reuses one plan (ADR 0024): planning it anew took
    // ~3–6 ms a batch on PGlite, as much as inserting 100 events.
    await pool.query({ name: "switchboard_usage_insert", text: INSERT, values: [Buffer.from(json)] });
  }
}

// In SENT's order, written out: a loop over the column names, reading each row through a computed
// key, cost twice as much. The one bigint goes as a decimal string.
function asValues(row: UsageEventRow): unknown[] {
  return [
    row.id,
    row.projectId,
    row.userId,
    row.apiKeyId,
    row.source,
    row.method,
    row.endpoint,
    row.model,
    row.status,
    row.outcome,
    row.inputTokens,
    row.cachedTokens,
    row.outputTokens,
    row.reasoningTokens,
    row.usageReported,
    row.batch,
    row.costNanoUsd === null ? null : row.costNanoUsd.toString(),
    row.priced,
    row.priceId,
    row.startedAt.getTime(),
    row.endedAt.getTime(),
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
  const startedAt = moment(event.startedAt);
  const latencyMs = count(event.latencyMs);
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
    startedAt,
    endedAt: new Date(startedAt.getTime() + latencyMs),
    latencyMs,
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
