// What the sandbox bills its own models at, per million tokens in dollars: its list prices, fixed
// here rather than read from Switchboard's price table, so that a wrong price entered in
// Switchboard shows up as a difference when the bill is reconciled (as it would with OpenAI).
export const SANDBOX_LIST_PRICES: Record<string, { input: number; cachedInput: number; output: number }> = {
  "sandbox-chat": { input: 0.4, cachedInput: 0.1, output: 1.6 },
  "sandbox-chat-mini": { input: 0.1, cachedInput: 0.025, output: 0.4 },
  "sandbox-reasoning": { input: 1.1, cachedInput: 0.275, output: 4.4 },
  "sandbox-embed-small": { input: 0.02, cachedInput: 0.02, output: 0 },
};

/** What a request sent in a batch costs, as a share of its list price. */
export const BATCH_DISCOUNT = 0.5;

/** A fine-tuned `ft:<base>:…` model is billed at its base model's price. */
export function sandboxListPrice(model: string) {
  const base = model.startsWith("ft:") ? model.split(":")[1] : model;
  return SANDBOX_LIST_PRICES[base] ?? null;
}
