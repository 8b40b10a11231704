import { formatCount } from "@/lib/usage/format";

// The line under a key's requests this month when its own limits refused calls (429s that never
// reached the upstream, so in no usage figure): "12 refused (rate limit)", or null when none were.
export function refusedLine({ rateLimited, overBudget }: { rateLimited: number; overBudget: number }): string | null {
  if (rateLimited + overBudget === 0) return null;
  const total = formatCount(rateLimited + overBudget);
  if (overBudget === 0) return `${total} refused (rate limit)`;
  if (rateLimited === 0) return `${total} refused (budget)`;
  return `${total} refused (${formatCount(rateLimited)} rate limit, ${formatCount(overBudget)} budget)`;
}
