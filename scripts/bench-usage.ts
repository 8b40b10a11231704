// npm run bench:usage — the usage page's queries on PostgreSQL with a realistic amount of usage.
//
// Starts a throw-away PostgreSQL server (scripts/with-postgres.mjs, as the unit-postgres suite
// does), applies the migrations, seeds BENCH_USAGE_EVENTS events (default 5,000,000) over 90 days,
// 30 models and 200 keys (scripts/bench/seed-usage.ts), and times each query the usage page, the
// admin usage page and the request log make. Prints one line per query (median of 5 runs, after
// one warm-up) and PASS/FAIL against 300 ms; exits non-zero on a FAIL. Days are those of
// Europe/Paris unless a line names another zone. BENCH_USAGE_DATABASE_URL reuses an already
// seeded database instead.

import pg from "pg";
import { closeDatabase } from "@/lib/db/client";
import { listRequestLog } from "@/lib/usage/logs";
import { monthToDate, todayIn, usageReport } from "@/lib/usage/query";
import type { UsageQuery } from "@/lib/usage/schema";
import { seedUsage } from "./bench/seed-usage";
import { startPostgres } from "./with-postgres.mjs";

const TARGET_MS = 300;
const EVENTS = Number(process.env.BENCH_USAGE_EVENTS ?? 5_000_000);
const log = (line: string) => console.log(line);
const n = (value: number) => value.toLocaleString("en-US");

function addDays(day: string, n: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + n);
  return date.toISOString().slice(0, 10);
}

async function main() {
  let stop = async () => {};
  let url = process.env.BENCH_USAGE_DATABASE_URL;
  if (!url) {
    const server = await startPostgres();
    stop = server.stop;
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query("CREATE DATABASE bench_usage");
    await admin.end();
    url = server.url.replace(/\/postgres$/, "/bench_usage");
  }
  process.env.DATABASE_URL = url;
  process.env.SWITCHBOARD_DATA_DIR ??= "/tmp/bench-usage-data";
  try {
    const { db } = await import("@/lib/db/client");
    await db(); // applies the migrations
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM "UsageEvent"`);
    if (rows[0].n < EVENTS) {
      log(`Seeding ${EVENTS.toLocaleString("en-US")} usage events (90 days, 30 models, 200 keys, 10 projects)…`);
      await seedUsage(client, { events: EVENTS, days: 90, models: 30, keys: 200, projects: 10 }, log);
    }
    const sizes = await client.query(
      `SELECT (SELECT count(*) FROM "UsageEvent")::int AS events, (SELECT count(*) FROM "UsageHourly")::int AS hourly,
              (SELECT count(*) FROM "UsageDailyByDimension")::int AS daily_by_dimension,
              (SELECT count(*) FROM "UsageHourlyByDimension")::int AS hourly_by_dimension`,
    );
    await client.end();
    const s = sizes.rows[0];
    log(
      `Rows: ${n(s.events)} events → ${n(s.hourly)} wide hourly rollup rows; by dimension ${n(s.daily_by_dimension)} daily, ${n(s.hourly_by_dimension)} hourly.\n`,
    );

    const tz = "Europe/Paris";
    const today = todayIn(tz);
    const q = (days: number, groupBy: UsageQuery["groupBy"], extra: Partial<UsageQuery> = {}): UsageQuery =>
      ({ from: addDays(today, -(days - 1)), to: today, tz, groupBy, ...extra }) as UsageQuery;
    // Seeded project ids are "0".."9".
    const project = { projectIds: ["0"] };
    const cases: [string, () => Promise<unknown>][] = [
      ["project, 30 days, by model (the page's default)", () => usageReport(q(30, "model"), project)],
      ["project, 90 days, by model", () => usageReport(q(90, "model"), project)],
      ["project, 90 days, by key", () => usageReport(q(90, "key"), project)],
      ["project, 90 days, by person", () => usageReport(q(90, "user"), project)],
      ["project, 90 days, by endpoint", () => usageReport(q(90, "endpoint"), project)],
      ["project, 90 days, by model, one key", () => usageReport(q(90, "model", { apiKeyId: "key_10" }), project)],
      ["project, month to date against budget", () => monthToDate("0", tz)],
      ["instance, 30 days, by project", () => usageReport(q(30, "project"))],
      ["instance, 90 days, by model", () => usageReport(q(90, "model"))],
      ["instance, 90 days, by key", () => usageReport(q(90, "key"))],
      ["instance, 90 days, by person", () => usageReport(q(90, "user"))],
      // Zones whose days start far from midnight UTC read other stored days and more hours.
      ["instance, 90 days, by key, in Tokyo", () => usageReport({ ...q(90, "key"), tz: "Asia/Tokyo" })],
      ["instance, 90 days, by key, in New York", () => usageReport({ ...q(90, "key"), tz: "America/New_York" })],
      ["request log, first page", () => listRequestLog("0", { limit: 50 })],
      ["request log, failed calls of one model", () => listRequestLog("0", { limit: 50, status: "error", model: "model-7" })],
    ];
    let failed = 0;
    log(`${"query".padEnd(48)} ${"median".padStart(9)} ${"max".padStart(9)}`);
    for (const [name, run] of cases) {
      await run();
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        await run();
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      const median = times[2];
      const pass = median <= TARGET_MS;
      if (!pass) failed++;
      log(
        `${name.padEnd(48)} ${`${median.toFixed(1)} ms`.padStart(9)} ${`${times[4].toFixed(1)} ms`.padStart(9)}  ${pass ? "PASS" : "FAIL"}`,
      );
    }
    log(
      `\n${cases.length - failed} of ${cases.length} queries within ${TARGET_MS} ms (median of 5; each usage report is all its statements together).`,
    );
    process.exitCode = failed ? 1 : 0;
  } finally {
    await closeDatabase().catch(() => undefined);
    await stop();
  }
}

await main();
