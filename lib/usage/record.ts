// Placeholder until the usage recorder lands on this branch; replaced by the real module.
export interface UsageEventInput {
  id: string;
  projectId: string;
  userId: string | null;
  apiKeyId: string | null;
  source: "console" | "gateway";
  method: string;
  endpoint: string;
  model: string | null;
  status: number;
  outcome: "completed" | "incomplete" | "upstream_error" | "network_error" | "aborted" | "timeout";
  inputTokens: number;
  cachedTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  usageReported: boolean;
  batch: boolean;
  startedAt: string;
  latencyMs: number;
  ttftMs: number | null;
  upstreamRequestId: string | null;
}
export function recordUsageEvent(_event: UsageEventInput): void {}
