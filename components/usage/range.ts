// Date ranges of the usage page, as local dates in the viewer's time zone.

export const PRESETS = [
  { value: "7d", label: "Last 7 days" },
  { value: "30d", label: "Last 30 days" },
  { value: "90d", label: "Last 90 days" },
  { value: "month", label: "This month" },
  { value: "custom", label: "Custom range" },
] as const;
export type Preset = (typeof PRESETS)[number]["value"];

export function todayIn(tz: string, now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

export function addDays(day: string, n: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + n);
  return date.toISOString().slice(0, 10);
}

export function presetRange(preset: Exclude<Preset, "custom">, tz: string): { from: string; to: string } {
  const today = todayIn(tz);
  if (preset === "month") return { from: `${today.slice(0, 8)}01`, to: today };
  const days = { "7d": 7, "30d": 30, "90d": 90 }[preset];
  return { from: addDays(today, -(days - 1)), to: today };
}

export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

/**
 * The UTC days that hold any hour of the local days from..to in tz. The upstream bills by UTC
 * day, so comparing with its bill takes these: east of UTC a local day starts on the UTC day
 * before, west of it a local day ends on the UTC day after (never further: offsets are under 24 h).
 */
export function utcDaysCovering(from: string, to: string, tz: string): { from: string; to: string } {
  const startsBefore = todayIn(tz, new Date(Date.parse(`${from}T00:00:00Z`) - 1)) >= from;
  const endsAfter = todayIn(tz, new Date(Date.parse(`${addDays(to, 1)}T00:00:00Z`))) <= to;
  return { from: startsBefore ? addDays(from, -1) : from, to: endsAfter ? addDays(to, 1) : to };
}
