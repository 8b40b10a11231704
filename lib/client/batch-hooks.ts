"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { toFile } from "openai";
import type { Batch, BatchCreateParams } from "openai/resources/batches";
import type { BatchRateView } from "@/lib/batches/estimate";
import { joinResults } from "@/lib/batches/results";
import { apiFetch } from "./api";
import { projectOpenAI } from "./openai";
import { queryKeys } from "./query-keys";

// While a batch runs, its pages ask again every 2 seconds, and stop once nothing is running.
export const BATCH_POLL_MS = 2000;
const RUNNING = new Set(["validating", "in_progress", "finalizing", "cancelling"]);

export function isRunning(batch: Pick<Batch, "status"> | undefined): boolean {
  return batch !== undefined && RUNNING.has(batch.status);
}

/** The project's batches, newest first, 100 a page. */
export function useBatches(projectId: string) {
  return useInfiniteQuery({
    queryKey: queryKeys.upstream.batches(projectId),
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => {
      const page = await projectOpenAI(projectId).batches.list({ limit: 100, after: pageParam });
      return { data: page.data, hasMore: page.has_more };
    },
    getNextPageParam: (last) => (last.hasMore && last.data.length ? last.data[last.data.length - 1].id : undefined),
    refetchInterval: (query) => (query.state.data?.pages.some((page) => page.data.some(isRunning)) ? BATCH_POLL_MS : false),
  });
}

export function useBatch(projectId: string, batchId: string) {
  return useQuery({
    queryKey: queryKeys.upstream.batch(projectId, batchId),
    queryFn: () => projectOpenAI(projectId).batches.retrieve(batchId),
    refetchInterval: (query) => (isRunning(query.state.data) ? BATCH_POLL_MS : false),
  });
}

async function fileText(projectId: string, fileId: string | null | undefined): Promise<string> {
  if (!fileId) return "";
  return (await projectOpenAI(projectId).files.content(fileId)).text();
}

/** Input, output and error lines joined by custom_id, once the batch has its files. */
export function useBatchResults(projectId: string, batch: Batch | undefined) {
  return useQuery({
    queryKey: [...queryKeys.upstream.batchResults(projectId, batch?.id ?? ""), batch?.output_file_id ?? null, batch?.error_file_id ?? null],
    queryFn: async () => {
      const [input, output, error] = await Promise.all([
        fileText(projectId, batch?.input_file_id),
        fileText(projectId, batch?.output_file_id),
        fileText(projectId, batch?.error_file_id),
      ]);
      return joinResults(input, output, error);
    },
    enabled: batch !== undefined && !isRunning(batch) && batch.status !== "failed",
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** The batch rate of each model (null: no price for it). */
export function useBatchRates(projectId: string, models: string[]) {
  return useQuery({
    queryKey: queryKeys.batchRates(projectId, models),
    queryFn: () =>
      apiFetch<{ rates: Record<string, BatchRateView | null> }>(
        `/api/projects/${encodeURIComponent(projectId)}/batches/prices?models=${encodeURIComponent(models.join(","))}`,
      ),
    enabled: models.length > 0,
  });
}

/** The project's files of purpose batch, to start a batch from one. */
export function useBatchInputFiles(projectId: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.upstream.batchInputFiles(projectId),
    queryFn: async () => (await projectOpenAI(projectId).files.list({ purpose: "batch", limit: 100, order: "desc" })).data,
    enabled,
  });
}

export interface NewBatch {
  /** An uploaded file's id, or content to upload first. */
  source: { fileId: string } | { file: Blob; filename: string };
  endpoint: BatchCreateParams["endpoint"];
  metadata?: Record<string, string>;
}

/** Uploads the input (when it is new) and creates the batch. */
export async function createBatch(projectId: string, input: NewBatch): Promise<Batch> {
  const client = projectOpenAI(projectId);
  const fileId =
    "fileId" in input.source
      ? input.source.fileId
      : (await client.files.create({ file: await toFile(input.source.file, input.source.filename), purpose: "batch" })).id;
  return client.batches.create({
    input_file_id: fileId,
    endpoint: input.endpoint,
    completion_window: "24h",
    ...(input.metadata && Object.keys(input.metadata).length ? { metadata: input.metadata } : {}),
  });
}
