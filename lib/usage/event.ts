export type UsageSource = "console" | "gateway";
export type UsageOutcome = "completed" | "incomplete" | "upstream_error" | "network_error" | "aborted" | "timeout";

/** What the forwarding core knows about one upstream call when it ends. */
export interface UsageEventInput {
  /** Made when the call started; the idempotency key (a replay never counts twice). */
  id: string;
  projectId: string;
  /** The signed-in user, for calls through the console proxy. */
  userId: string | null;
  /** The virtual key, for calls through the gateway. */
  apiKeyId: string | null;
  source: UsageSource;
  method: string;
  /** Normalised path: "/responses", "/chat/completions", "/files/{id}"… */
  endpoint: string;
  model: string | null;
  /** HTTP status returned to the caller (0 if none was sent). */
  status: number;
  outcome: UsageOutcome;
  /** Cached tokens are part of the input tokens, reasoning tokens part of the output tokens (as in OpenAI's usage). */
  inputTokens: number;
  cachedTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  /** False when the stream or body ended without a usage figure. */
  usageReported: boolean;
  /** Priced at the batch discount. */
  batch: boolean;
  /** ISO 8601. */
  startedAt: string;
  latencyMs: number;
  ttftMs: number | null;
  upstreamRequestId: string | null;
  /** Request log in "full" mode only: the bodies, already redacted (lib/usage/redact.ts). */
  bodies?: { request: string | null; response: string | null; truncated: boolean };
}

/** The least a line read back from the outbox needs to be stored: the rest is normalised. */
export function isUsageEventLike(value: unknown): value is UsageEventInput {
  if (!value || typeof value !== "object") return false;
  const event = value as Record<string, unknown>;
  return typeof event.id === "string" && event.id !== "" && typeof event.projectId === "string" && event.projectId !== "";
}
