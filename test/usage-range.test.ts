import { describe, expect, it } from "vitest";
import { utcDaysCovering } from "@/components/usage/range";

describe("the UTC days compared with the upstream's bill", () => {
  it.each([
    ["UTC", "2026-11-01", "2026-11-24", "2026-11-01", "2026-11-24"],
    // West of UTC a local evening is the next UTC day.
    ["America/Los_Angeles", "2026-11-24", "2026-11-24", "2026-11-24", "2026-11-25"],
    // East of UTC a local morning is the UTC day before.
    ["Asia/Tokyo", "2026-11-01", "2026-11-24", "2026-10-31", "2026-11-24"],
    ["Asia/Kolkata", "2026-11-24", "2026-11-24", "2026-11-23", "2026-11-24"],
    ["Pacific/Kiritimati", "2026-01-01", "2026-01-01", "2025-12-31", "2026-01-01"],
    // Summer time: London is an hour ahead of UTC in July, level with it in December.
    ["Europe/London", "2026-07-01", "2026-07-31", "2026-06-30", "2026-07-31"],
    ["Europe/London", "2026-12-01", "2026-12-31", "2026-12-01", "2026-12-31"],
    // The day New York's clocks go forward, and the day they go back.
    ["America/New_York", "2026-03-08", "2026-03-08", "2026-03-08", "2026-03-09"],
    ["America/New_York", "2026-11-01", "2026-11-01", "2026-11-01", "2026-11-02"],
  ])("%s, %s to %s: UTC %s to %s", (tz, from, to, utcFrom, utcTo) => {
    expect(utcDaysCovering(from, to, tz)).toEqual({ from: utcFrom, to: utcTo });
  });
});
