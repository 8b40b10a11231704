import "server-only";
import { db } from "@/lib/db/client";
import { DAY_START_HOURS } from "./rollup-sql";

// How a range of the viewer's days is read from rollups kept per day (starting at 00:00, 08:00 or
// 16:00 UTC) and per UTC hour.
//
// Each UTC hour belongs to the local day its start falls in (so a zone with a half-hour offset is
// bucketed to the hour, as the hourly rollups always were, and a 23- or 25-hour day across a
// daylight-saving change gets exactly its hours). A stored day is counted whole in the local day
// most of its hours belong to (its "main" day); each of its other hours is then taken out of the
// main day and added to its own. Measures are additive, so this is exact for any zone and any
// transition. Of the three ways days are stored, the one whose days move the fewest hours is read:
// at most four a day (none for UTC or Los Angeles in winter, 1 or 2 for Europe, 1 for Tokyo).

/** What to read for a range of local days, as arrays to pass to SQL. */
export interface LocalDayPlan {
  /** The UTC hour the stored days read start at (one of DAY_START_HOURS). */
  startHour: number;
  /** Stored days read whole (the UTC date they start on), and the local day each counts in. */
  utcDays: string[];
  mainDays: string[];
  /** UTC hours ("YYYY-MM-DD HH:00:00") read on their own, the local day each time counts in, and +1 or −1. */
  hours: string[];
  hourDays: string[];
  signs: number[];
  /** The first and last stored day read. */
  first: string;
  last: string;
}

/**
 * The plan for local days from..to (YYYY-MM-DD), from the local day of every hour of consecutive
 * UTC days (24 local dates each) from the day before the range's first UTC day to the day after
 * its last.
 */
export function planLocalDays(utc: { day: string; localDays: string[] }[], from: string, to: string): LocalDayPlan {
  const plans = DAY_START_HOURS.map((startHour) => planFor(utc, from, to, startHour));
  // The fewest hours to read; on a tie, the earliest start (UTC days).
  return plans.reduce((best, plan) => (plan.hours.length < best.hours.length ? plan : best));
}

function planFor(utc: { day: string; localDays: string[] }[], from: string, to: string, startHour: number): LocalDayPlan {
  const inRange = (day: string) => day >= from && day <= to;
  const locals = utc.flatMap((d) => d.localDays);
  const plan: LocalDayPlan = { startHour, utcDays: [], mainDays: [], hours: [], hourDays: [], signs: [], first: from, last: to };
  const read: string[] = [];
  for (let k = 0; k * 24 + startHour + 24 <= locals.length; k++) {
    const first = k * 24 + startHour;
    const window = locals.slice(first, first + 24);
    if (!window.some(inRange)) continue;
    const main = mostFrequent(window);
    read.push(utc[k].day);
    if (inRange(main)) {
      plan.utcDays.push(utc[k].day);
      plan.mainDays.push(main);
    }
    window.forEach((local, i) => {
      if (local === main) return;
      const hour = first + i;
      const at = `${utc[Math.floor(hour / 24)].day} ${String(hour % 24).padStart(2, "0")}:00:00`;
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
  if (read.length) {
    plan.first = read[0];
    plan.last = read[read.length - 1];
  }
  return plan;
}

// Ties (a day 12 hours off) go to the earlier day; any choice would be exact.
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
  // Every hour of the UTC days from the one before the range's first local midnight to the one
  // after its last hour.
  const rows = await prisma.$queryRawUnsafe<{ day: string; locals: string }[]>(
    `WITH bounds AS (
       SELECT (($2::timestamp AT TIME ZONE $1) AT TIME ZONE 'UTC') AS "start",
              ((($3::date + 1)::timestamp AT TIME ZONE $1) AT TIME ZONE 'UTC') AS "end"
     )
     SELECT to_char(h::date, 'YYYY-MM-DD') AS day,
            string_agg(to_char(((h AT TIME ZONE 'UTC') AT TIME ZONE $1)::date, 'YYYY-MM-DD'), ',' ORDER BY h) AS locals
     FROM bounds, generate_series(date_trunc('day', "start") - interval '1 day', date_trunc('day', "end" - interval '1 hour') + interval '47 hours', interval '1 hour') AS h
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
