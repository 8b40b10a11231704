import "server-only";
import { db } from "@/lib/db/client";

// How a range of the viewer's days is read from rollups kept per UTC day and per UTC hour.
//
// Each UTC hour belongs to the local day its start falls in (so a zone with a half-hour offset is
// bucketed to the hour, as the hourly rollups always were, and a 23- or 25-hour day across a
// daylight-saving change gets exactly its hours). A UTC day is counted whole in the local day most
// of its hours belong to (its "main" day); each of its other hours is then taken out of the main
// day and added to its own. Measures are additive, so this is exact for any zone; it reads one
// daily row per UTC day and as many hourly rows as the zone moves hours (1 or 2 a day for
// Europe, 5 for New York, 9 for Tokyo), instead of all 24.

/** What to read for a range of local days, as arrays to pass to SQL. */
export interface LocalDayPlan {
  /** UTC days read whole (YYYY-MM-DD), and the local day each counts in; only days counted in the range. */
  utcDays: string[];
  mainDays: string[];
  /** UTC hours ("YYYY-MM-DD HH:00:00") read on their own, the local day each time counts in, and +1 or −1. */
  hours: string[];
  hourDays: string[];
  signs: number[];
  /** The first and last UTC day the range touches. */
  first: string;
  last: string;
}

/**
 * The plan for local days from..to (YYYY-MM-DD) in a time zone, from the local day of each hour of
 * each UTC day the range touches (as `localDays` lists them: 24 local dates per UTC day).
 */
export function planLocalDays(utc: { day: string; localDays: string[] }[], from: string, to: string): LocalDayPlan {
  const inRange = (day: string) => day >= from && day <= to;
  const plan: LocalDayPlan = { utcDays: [], mainDays: [], hours: [], hourDays: [], signs: [], first: from, last: to };
  for (const { day, localDays } of utc) {
    const main = mostFrequent(localDays);
    if (inRange(main)) {
      plan.utcDays.push(day);
      plan.mainDays.push(main);
    }
    localDays.forEach((local, hour) => {
      if (local === main) return;
      const at = `${day} ${String(hour).padStart(2, "0")}:00:00`;
      if (inRange(local)) {
        plan.hours.push(at);
        plan.hourDays.push(local);
        plan.signs.push(1);
      }
      if (inRange(main)) {
        plan.hours.push(at);
        plan.hourDays.push(main);
        plan.signs.push(-1);
      }
    });
  }
  if (utc.length) {
    plan.first = utc[0].day;
    plan.last = utc[utc.length - 1].day;
  }
  return plan;
}

// Ties (a zone 12 hours off UTC) go to the earlier day; any choice would be exact.
function mostFrequent(days: string[]): string {
  const counts = new Map<string, number>();
  for (const day of days) counts.set(day, (counts.get(day) ?? 0) + 1);
  let best = days[0];
  for (const [day, n] of counts) {
    const bestCount = counts.get(best) ?? 0;
    if (n > bestCount || (n === bestCount && day < best)) best = day;
  }
  return best;
}

/**
 * The plan for local days from..to in a time zone. The database converts the hours (the same
 * zone rules as every other query), and answers in one small statement apart from the figures, so
 * that the statement reading them gets arrays whose sizes its planner knows.
 */
export async function localDayPlan(tz: string, from: string, to: string): Promise<LocalDayPlan> {
  const prisma = await db();
  // Every hour of every UTC day from the one holding the range's first local midnight to the one
  // holding its last hour.
  const rows = await prisma.$queryRawUnsafe<{ day: string; locals: string }[]>(
    `WITH bounds AS (
       SELECT (($2::timestamp AT TIME ZONE $1) AT TIME ZONE 'UTC') AS "start", ((($3::date + 1)::timestamp AT TIME ZONE $1) AT TIME ZONE 'UTC') AS "end"
     )
     SELECT to_char(h::date, 'YYYY-MM-DD') AS day,
            string_agg(to_char(((h AT TIME ZONE 'UTC') AT TIME ZONE $1)::date, 'YYYY-MM-DD'), ',' ORDER BY h) AS locals
     FROM bounds, generate_series(date_trunc('day', "start"), date_trunc('day', "end" - interval '1 hour') + interval '23 hours', interval '1 hour') AS h
     GROUP BY 1 ORDER BY 1`,
    tz,
    from,
    to,
  );
  return planLocalDays(
    rows.map((row) => ({ day: row.day, localDays: row.locals.split(",") })),
    from,
    to,
  );
}
