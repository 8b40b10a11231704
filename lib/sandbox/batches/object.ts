import "server-only";
import type { SandboxBatch } from "@/lib/generated/prisma/client";
import { unixSeconds } from "../ids";

export const BATCH_STATUSES = [
  "validating",
  "failed",
  "in_progress",
  "finalizing",
  "completed",
  "expired",
  "cancelling",
  "cancelled",
] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

/** An error of the input file, as `errors.data` lists them. */
export interface BatchLineError {
  code: string;
  message: string;
  param: string | null;
  line: number | null;
}

// The Batch object as the API returns it. Unset files and timestamps are absent rather than null:
// the OpenAPI description types them as plain string and integer, and the SDK as optional (the
// same choice as for files).
export function batchObject(row: SandboxBatch) {
  const optional = (name: string, value: string | Date | null) =>
    value === null ? {} : { [name]: value instanceof Date ? unixSeconds(value) : value };
  return {
    id: row.id,
    object: "batch" as const,
    endpoint: row.endpoint,
    ...optional("model", row.model),
    ...(row.errors ? { errors: { object: "list", data: row.errors as unknown as BatchLineError[] } } : {}),
    input_file_id: row.inputFileId,
    completion_window: row.completionWindow,
    status: row.status as BatchStatus,
    ...optional("output_file_id", row.outputFileId),
    ...optional("error_file_id", row.errorFileId),
    created_at: unixSeconds(row.createdAt),
    ...optional("in_progress_at", row.inProgressAt),
    ...optional("expires_at", row.expiresAt),
    ...optional("finalizing_at", row.finalizingAt),
    ...optional("completed_at", row.completedAt),
    ...optional("failed_at", row.failedAt),
    ...optional("expired_at", row.expiredAt),
    ...optional("cancelling_at", row.cancellingAt),
    ...optional("cancelled_at", row.cancelledAt),
    request_counts: { total: row.total, completed: row.completed, failed: row.failed },
    usage: {
      input_tokens: row.inputTokens,
      input_tokens_details: { cached_tokens: row.cachedTokens },
      output_tokens: row.outputTokens,
      output_tokens_details: { reasoning_tokens: row.reasoningTokens },
      total_tokens: row.inputTokens + row.outputTokens,
    },
    metadata: (row.metadata as Record<string, string> | null) ?? null,
  };
}
