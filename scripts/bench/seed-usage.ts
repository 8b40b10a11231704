import type pg from "pg";
import { rebuildRollups } from "@/lib/usage/rollup-sql";

// Seeds usage events as a busy instance would have them, straight in SQL (generate_series), then
// builds the rollups from them with the same statements the recorder runs. The shape:
// 10 projects, 200 API keys (20 a project; a few keys make most of the traffic, as in real life),
// each key calling 3 of 30 models; 15% of calls from 20 people in the console; 2% errors.

export interface SeedOptions {
  events: number;
  days: number;
  models: number;
  keys: number;
  projects: number;
}

export async function seedUsage(client: pg.Client, o: SeedOptions, log: (line: string) => void): Promise<void> {
  const batch = 500_000;
  const started = Date.now();
  for (let first = 1; first <= o.events; first += batch) {
    const last = Math.min(o.events, first + batch - 1);
    await client.query(
      `INSERT INTO "UsageEvent" ("id", "projectId", "userId", "apiKeyId", "source", "method", "endpoint", "model", "status", "outcome",
         "inputTokens", "cachedTokens", "outputTokens", "reasoningTokens", "usageReported", "batch", "costNanoUsd", "priced", "priceId",
         "startedAt", "endedAt", "latencyMs", "ttftMs", "upstreamRequestId")
       SELECT 'ev_' || g, p, CASE WHEN console THEN 'user_' || (g % 20) END, CASE WHEN NOT console THEN 'key_' || k END,
              CASE WHEN console THEN 'console' ELSE 'gateway' END, 'POST',
              CASE WHEN m % 10 = 9 THEN '/embeddings' WHEN m % 2 = 0 THEN '/responses' ELSE '/chat/completions' END,
              'model-' || m, CASE WHEN err THEN 500 ELSE 200 END, CASE WHEN err THEN 'upstream_error' ELSE 'completed' END,
              inp, inp / 4, outp, outp / 5, NOT err, false,
              CASE WHEN m = $5 - 1 THEN NULL ELSE (inp * (m + 1) * 100 + outp * (m + 1) * 400)::bigint END, m <> $5 - 1, NULL,
              at, at + make_interval(secs => lat / 1000.0), lat, lat / 4, 'req_' || g
       FROM (
         SELECT g, console, err, inp, outp, lat, at,
                CASE WHEN console THEN g % $6 ELSE k % $6 END AS p, k,
                CASE WHEN console THEN g % 5 ELSE (k * 7 + (g % 3)) % $5 END AS m
         FROM (
           SELECT g, random() < 0.15 AS console, random() < 0.02 AS err,
                  floor($4 * power(random(), 2))::int AS k,
                  (50 + random() * 4000)::int AS inp, (random() * 1500)::int AS outp,
                  (80 + power(random(), 3) * 20000)::int AS lat,
                  (now() AT TIME ZONE 'UTC') - random() * make_interval(days => $3) AS at
           FROM generate_series($1::bigint, $2::bigint) g
         ) r
       ) s`,
      [first, last, o.days, o.keys, o.models, o.projects],
    );
    log(
      `  events ${last.toLocaleString("en-US")} of ${o.events.toLocaleString("en-US")} (${((Date.now() - started) / 1000).toFixed(0)} s)`,
    );
  }
  const rollupStart = Date.now();
  for (const statement of rebuildRollups()) await client.query(statement);
  log(`  rollups built in ${((Date.now() - rollupStart) / 1000).toFixed(1)} s`);
  await client.query("ANALYZE");
}
