// How vector store figures read on the pages: expiry and activity in words (sizes: lib/files/sizes).

const DAY = 86_400;
const HOUR = 3_600;
const MINUTE = 60;

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/**
 * A span of seconds in its largest whole unit: "3 days", "5 hours", "1 minute". Elapsed time
 * rounds down ("1 day ago" until two have passed); time left rounds to the nearest unit, so a
 * 7-day policy set a moment ago reads "7 days", not "6 days".
 */
export function formatSpan(seconds: number, rounding: "down" | "nearest" = "down"): string {
  const round = rounding === "down" ? Math.floor : Math.round;
  if (seconds >= DAY) return plural(round(seconds / DAY), "day");
  if (seconds >= HOUR) return plural(round(seconds / HOUR), "hour");
  return plural(Math.max(1, round(seconds / MINUTE)), "minute");
}

/**
 * The expiry column: "never" without a policy, "expired" once the store has, otherwise "expires in
 * 3 days". Times are Unix seconds, as the API gives them.
 */
export function expiryText(store: { status: string; expires_at?: number | null }, nowSeconds: number): string {
  if (store.status === "expired") return "expired";
  if (store.expires_at === null || store.expires_at === undefined) return "never";
  const left = store.expires_at - nowSeconds;
  if (left <= 0) return "expired";
  return `expires in ${formatSpan(left, "nearest")}`;
}

/** The expiry policy as set: "never" or "7 days after last active". */
export function policyText(policy: { days: number } | null | undefined): string {
  return policy ? `${plural(policy.days, "day")} after last active` : "never";
}

/** "5 minutes ago", "just now", for a Unix time in the past. */
export function agoText(seconds: number | null | undefined, nowSeconds: number): string {
  if (seconds === null || seconds === undefined) return "—";
  const elapsed = nowSeconds - seconds;
  if (elapsed < MINUTE) return "just now";
  return `${formatSpan(elapsed)} ago`;
}
