// What an upstream answers. "Test connection" finds out (lib/upstream/probe.ts) and stores it per
// connection, so pages for what the upstream lacks can be hidden or say why instead of failing with
// the upstream's 404. Shared by server pages and the browser: no server imports here.

export const CAPABILITIES = ["responses", "chatCompletions", "embeddings", "files", "vectorStores", "batches", "fineTuning"] as const;
export type Capability = (typeof CAPABILITIES)[number];

/** "missing": the upstream answered that it has no such endpoint; "unknown": it could not be told. */
export const CAPABILITY_STATUSES = ["available", "missing", "unknown"] as const;
export type CapabilityStatus = (typeof CAPABILITY_STATUSES)[number];

export type Capabilities = Record<Capability, CapabilityStatus>;

export const CAPABILITY_LABELS: Record<Capability, string> = {
  responses: "Responses",
  chatCompletions: "Chat completions",
  embeddings: "Embeddings",
  files: "Files",
  vectorStores: "Vector stores",
  batches: "Batches",
  fineTuning: "Fine-tuning",
};

export function allCapabilities(status: CapabilityStatus): Capabilities {
  return Object.fromEntries(CAPABILITIES.map((capability) => [capability, status])) as Capabilities;
}

/** Reads the stored JSON; anything it does not recognise counts as unknown. Null when nothing was stored. */
export function parseCapabilities(value: unknown): Capabilities | null {
  if (!value || typeof value !== "object" || Array.isArray(value)) return null;
  const stored = value as Record<string, unknown>;
  const known = (status: unknown): CapabilityStatus =>
    CAPABILITY_STATUSES.includes(status as CapabilityStatus) ? (status as CapabilityStatus) : "unknown";
  return Object.fromEntries(CAPABILITIES.map((capability) => [capability, known(stored[capability])])) as Capabilities;
}

/**
 * The navigation entries to show for an upstream: an entry that `needs` a capability the upstream
 * was found to lack is left out. Unknown counts as present, so a connection never tested (or an
 * upstream that would not say) hides nothing.
 */
export function navForCapabilities<T extends { needs?: Capability }>(
  capabilities: Capabilities,
  entries: readonly T[],
): Omit<T, "needs">[] {
  return entries.filter((entry) => !entry.needs || capabilities[entry.needs] !== "missing").map(({ needs: _needs, ...entry }) => entry);
}

/** What a page says in place of an area the project's upstream does not offer. */
export function missingCapabilityMessage(capability: Capability, upstreamLabel: string): string {
  return `This project's upstream (${upstreamLabel}) does not offer ${CAPABILITY_LABELS[capability].toLowerCase()}: it answered "not found" when the connection was tested. A project admin can connect another upstream in Settings → API connection.`;
}
