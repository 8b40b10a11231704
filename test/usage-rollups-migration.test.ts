import { afterEach, describe, expect, test } from "vitest";
import { applyMigrations, readMigrations } from "@/lib/db/migrate";
import { openScratchDatabase, type ScratchDatabase } from "./support/scratch-database";
import { expectedRollups, type RawEvent, rollupRowsSql, rowsByKey } from "./support/usage-rollups";

// The migrations that add rollups build them from the events recorded before them: the wide one
// from the events, then the by-dimension ones from the wide one.

const WIDE = "20261123030000_usage_rollups_logs";
const BY_DIMENSION = "20261123080000_usage_by_dimension";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe("the by-dimension rollups' migration", () => {
  test("fills them from the events already recorded, as the insert would have", async () => {
    const db: ScratchDatabase = await openScratchDatabase();
    cleanups.push(() => db.drop());
    const migrations = readMigrations();
    expect(migrations.map((m) => m.name)).toEqual(expect.arrayContaining([WIDE, BY_DIMENSION]));
    await applyMigrations(
      db.session,
      migrations.filter((m) => m.name < WIDE),
    );

    // Events as an earlier version stored them: nulls for no model, key or person, unpriced ones.
    await db.session.exec(`INSERT INTO "UsageEvent" ("id", "projectId", "userId", "apiKeyId", "source", "method", "endpoint", "model",
        "status", "outcome", "inputTokens", "cachedTokens", "outputTokens", "reasoningTokens", "usageReported", "batch", "costNanoUsd",
        "priced", "startedAt", "endedAt", "latencyMs")
      SELECT 'ev_' || g, 'p' || (g % 3), CASE WHEN g % 4 = 0 THEN 'user_' || (g % 5) END, CASE WHEN g % 4 <> 0 THEN 'key_' || (g % 7) END,
             CASE WHEN g % 4 = 0 THEN 'console' ELSE 'gateway' END, 'POST', CASE WHEN g % 3 = 0 THEN '/embeddings' ELSE '/responses' END,
             CASE WHEN g % 11 = 0 THEN NULL ELSE 'model-' || (g % 4) END, 200,
             CASE WHEN g % 13 = 0 THEN 'timeout' ELSE 'completed' END, g * 7 % 5000, g % 100, g * 3 % 2000, g % 50, true, false,
             CASE WHEN g % 4 = 3 THEN NULL ELSE g * 1000 END, g % 4 <> 3,
             timestamp '2026-03-27 00:00' + g * interval '7 minutes', timestamp '2026-03-27 00:00' + g * interval '7 minutes',
             (g * 37) % 25000
      FROM generate_series(1, 1500) g`);
    await applyMigrations(db.session, migrations);

    const events = (
      await db.session.query<RawEvent & { startedAt: string; costNanoUsd: string | null }>(
        `SELECT "projectId", "model", "apiKeyId", "userId", "endpoint", "source", "outcome", "priced", "inputTokens", "cachedTokens",
                "outputTokens", "reasoningTokens", "costNanoUsd"::text AS "costNanoUsd", "latencyMs",
                to_char("startedAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "startedAt"
         FROM "UsageEvent"`,
      )
    ).map((row) => ({ ...row, startedAt: new Date(row.startedAt) }));
    expect(events).toHaveLength(1500);
    const expected = expectedRollups(events);
    for (const table of ["UsageHourly", "UsageDailyByDimension", "UsageHourlyByDimension"]) {
      const rows = rowsByKey(await db.session.query<Record<string, string>>(rollupRowsSql(table), [["p0", "p1", "p2"]]));
      expect({ table, rows: Object.fromEntries(rows) }).toEqual({ table, rows: Object.fromEntries(expected[table]) });
    }
    const [gone] = await db.session.query<{ found: boolean }>(`SELECT to_regclass('"UsageHourlyByModel"') IS NOT NULL AS found`);
    expect(gone.found).toBe(false);
  });
});
