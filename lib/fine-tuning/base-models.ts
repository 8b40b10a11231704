import type { MethodType } from "./format";

// Which models an upstream lets one fine-tune, and with which methods. The API has no call that
// says so, so the console keeps what the providers document: the sandbox's own models, and
// OpenAI's fine-tunable snapshots (a model id that starts with one of these prefixes). Models the
// upstream's /models lists are offered when they match; any other id can still be typed.
export const FINE_TUNABLE_MODELS: { prefix: string; methods: readonly MethodType[] }[] = [
  { prefix: "sandbox-chat-mini", methods: ["supervised", "dpo"] },
  { prefix: "sandbox-chat", methods: ["supervised", "dpo"] },
  { prefix: "sandbox-reasoning", methods: ["reinforcement"] },
  { prefix: "gpt-4.1-nano-2025-04-14", methods: ["supervised", "dpo"] },
  { prefix: "gpt-4.1-mini-2025-04-14", methods: ["supervised", "dpo"] },
  { prefix: "gpt-4.1-2025-04-14", methods: ["supervised", "dpo"] },
  { prefix: "gpt-4o-mini-2024-07-18", methods: ["supervised", "dpo"] },
  { prefix: "gpt-4o-2024-08-06", methods: ["supervised", "dpo"] },
  { prefix: "o4-mini-2025-04-16", methods: ["reinforcement"] },
  { prefix: "gpt-3.5-turbo-0125", methods: ["supervised"] },
];

const ALL_METHODS: readonly MethodType[] = ["supervised", "dpo", "reinforcement"];

export function fineTuningMethods(model: string): readonly MethodType[] | null {
  // Exact ids first, so "sandbox-chat-mini" is not taken for "sandbox-chat"; fine-tuned models can
  // be tuned further with what their base takes.
  const base = model.startsWith("ft:") ? model.split(":")[1] : model;
  const entry = FINE_TUNABLE_MODELS.find((m) => base === m.prefix) ?? FINE_TUNABLE_MODELS.find((m) => base.startsWith(m.prefix));
  return entry?.methods ?? null;
}

export function isFineTunable(model: string): boolean {
  return fineTuningMethods(model) !== null && !model.startsWith("ft:");
}

/** For a typed model id nobody listed: every method, the upstream decides. */
export function methodsFor(model: string): readonly MethodType[] {
  return fineTuningMethods(model) ?? ALL_METHODS;
}

export const METHOD_LABELS: Record<MethodType, string> = {
  supervised: "Supervised",
  dpo: "Direct preference optimization (DPO)",
  reinforcement: "Reinforcement",
};
