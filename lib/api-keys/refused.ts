// The line under a key's requests this month when its own limits refused calls (429s that never
// reached the upstream, so in no usage figure): "12 refused (rate limit)", or null when none were.
export function refusedLine(refused: { rateLimited: number; overBudget: number }): string | null {
  const { rateLimited, overBudget } = refused;
  const total = rateLimited + overBudget;
  if (total === 0) return null;
  if (overBudget === 0) return `${total.toLocaleString("en-US")} refused (rate limit)`;
  if (rateLimited === 0) return `${total.toLocaleString("en-US")} refused (budget)`;
  return `${total.toLocaleString("en-US")} refused (${rateLimited.toLocaleString("en-US")} rate limit, ${overBudget.toLocaleString("en-US")} budget)`;
}
