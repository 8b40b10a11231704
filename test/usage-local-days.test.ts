import { describe, expect, test } from "vitest";
import { planLocalDays } from "@/lib/usage/local-days";
import { localDate } from "./support/usage-rollups";

// Which stored days and hours a report reads for a zone's days (the sums themselves are checked
// against raw events in usage-rollups.test.ts). Local days come from Intl here.

function utcDays(tz: string, first: string, last: string) {
  const days: { day: string; localDays: string[] }[] = [];
  for (let t = Date.parse(`${first}T00:00:00Z`); t <= Date.parse(`${last}T00:00:00Z`); t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    days.push({ day, localDays: Array.from({ length: 24 }, (_, h) => localDate(new Date(t + h * 3_600_000), tz)) });
  }
  return days;
}

/** The plan for a year of local days, and the most hours it reads for one stored day. */
function yearPlan(tz: string) {
  const plan = planLocalDays(utcDays(tz, "2025-12-30", "2027-01-02"), "2026-01-01", "2026-12-31");
  const perDay = new Map<string, Set<string>>();
  plan.hours.forEach((hour, i) => {
    // A moved hour is taken out of its stored day's main day (−1): count it there once.
    if (plan.signs[i] === -1) perDay.set(plan.hourDays[i], (perDay.get(plan.hourDays[i]) ?? new Set()).add(hour));
  });
  return { plan, mostMoved: Math.max(0, ...[...perDay.values()].map((hours) => hours.size)) };
}

describe("local days from stored days and moved hours", () => {
  test("each zone reads the stored days closest to its own, moving at most four hours a day", () => {
    const expected: Record<string, { startHour: number; mostMoved: number }> = {
      UTC: { startHour: 0, mostMoved: 0 },
      "Europe/London": { startHour: 0, mostMoved: 1 },
      "Europe/Paris": { startHour: 0, mostMoved: 2 },
      "America/New_York": { startHour: 8, mostMoved: 4 }, // days start 05:00 UTC in winter, 04:00 in summer
      "America/Los_Angeles": { startHour: 8, mostMoved: 1 },
      "Asia/Kolkata": { startHour: 16, mostMoved: 3 }, // hours start 23:30 local from 18:00 UTC
      "Asia/Tokyo": { startHour: 16, mostMoved: 1 },
      "Australia/Sydney": { startHour: 16, mostMoved: 3 },
      "Pacific/Auckland": { startHour: 8, mostMoved: 4 },
      "Pacific/Kiritimati": { startHour: 8, mostMoved: 2 },
    };
    const got = Object.fromEntries(
      Object.keys(expected).map((tz) => {
        const { plan, mostMoved } = yearPlan(tz);
        return [tz, { startHour: plan.startHour, mostMoved }];
      }),
    );
    expect(got).toEqual(expected);
  });

  test("a day read whole counts in its main local day; in UTC, every day is read whole", () => {
    const plan = planLocalDays(utcDays("UTC", "2026-03-27", "2026-03-31"), "2026-03-28", "2026-03-30");
    expect(plan).toMatchObject({ startHour: 0, hours: [], first: "2026-03-28", last: "2026-03-30" });
    expect(plan.utcDays).toEqual(["2026-03-28", "2026-03-29", "2026-03-30"]);
    expect(plan.mainDays).toEqual(plan.utcDays);
  });

  test("Paris's 23-hour day: one hour of the 28th's UTC day moves in, two of its own move out", () => {
    const plan = planLocalDays(utcDays("Europe/Paris", "2026-03-28", "2026-03-30"), "2026-03-29", "2026-03-29");
    expect(plan.utcDays).toEqual(["2026-03-29"]);
    const moves = plan.hours.map((hour, i) => `${hour} ${plan.signs[i] > 0 ? "+" : "-"}${plan.hourDays[i]}`);
    expect(moves).toEqual(["2026-03-28 23:00:00 +2026-03-29", "2026-03-29 22:00:00 -2026-03-29", "2026-03-29 23:00:00 -2026-03-29"]);
  });
});
