"use client";

import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import OpenAI from "openai";
import type { FileObject } from "openai/resources/files";
import { projectOpenAI } from "@/lib/client/openai";
import { queryKeys } from "@/lib/client/query-keys";

export const FILES_PAGE_SIZE = 100;

export type FileListParams = { purpose: string; order: "asc" | "desc" };

/** The project's files, one page at a time: each "load more" follows the API's `after` cursor. */
export function useUpstreamFiles(projectId: string, params: FileListParams) {
  return useInfiniteQuery({
    queryKey: queryKeys.upstream.fileList(projectId, params),
    queryFn: async ({ pageParam }) => {
      const page = await projectOpenAI(projectId).files.list({
        limit: FILES_PAGE_SIZE,
        order: params.order,
        ...(params.purpose ? { purpose: params.purpose } : {}),
        ...(pageParam ? { after: pageParam } : {}),
      });
      return { data: page.data, hasMore: page.has_more };
    },
    initialPageParam: "",
    getNextPageParam: (last) => (last.hasMore && last.data.length > 0 ? last.data[last.data.length - 1].id : undefined),
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
}

export function useUpstreamFile(projectId: string, fileId: string) {
  return useQuery({
    queryKey: queryKeys.upstream.file(projectId, fileId),
    queryFn: () => projectOpenAI(projectId).files.retrieve(fileId),
    retry: false,
  });
}

export function useDeleteFile(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (fileId: string) => projectOpenAI(projectId).files.delete(fileId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.upstream.files(projectId) }),
  });
}

export type UsageSection<T> = { available: true; items: T[]; partial?: boolean } | { available: false; reason: string };

export type FileUsage = {
  vectorStores: UsageSection<{ id: string; name: string }>;
  batches: UsageSection<{ id: string; status: string; role: string }>;
  fineTuning: UsageSection<{ id: string; status: string; role: string }>;
};

const USAGE_SCAN_LIMIT = 100;

function missing(error: unknown, what: string): UsageSection<never> {
  if (error instanceof OpenAI.APIError && error.status === 404) return { available: false, reason: `This upstream has no ${what}.` };
  const message = error instanceof Error ? error.message : String(error);
  return { available: false, reason: `Could not check ${what}: ${message}` };
}

/**
 * Where a file is used, looked up from the upstream each time (nothing is recorded here): vector
 * stores that contain it, batches that read or wrote it, fine-tuning jobs trained on it. Only the
 * most recent 100 of each are looked at; a section the upstream lacks says so instead of failing.
 */
export function useFileUsage(projectId: string, fileId: string) {
  return useQuery({
    queryKey: queryKeys.upstream.fileUsage(projectId, fileId),
    queryFn: async (): Promise<FileUsage> => {
      const client = projectOpenAI(projectId);
      const vectorStores = (async (): Promise<FileUsage["vectorStores"]> => {
        try {
          const page = await client.vectorStores.list({ limit: USAGE_SCAN_LIMIT });
          const found = await Promise.all(
            page.data.map(async (store) => {
              try {
                await client.vectorStores.files.retrieve(fileId, { vector_store_id: store.id });
                return { id: store.id, name: store.name || store.id };
              } catch (error) {
                if (error instanceof OpenAI.APIError && error.status === 404) return null;
                throw error;
              }
            }),
          );
          return { available: true, items: found.filter((store) => store !== null), partial: page.has_more };
        } catch (error) {
          return missing(error, "vector stores");
        }
      })();
      const batches = (async (): Promise<FileUsage["batches"]> => {
        try {
          const page = await client.batches.list({ limit: USAGE_SCAN_LIMIT });
          const items = page.data.flatMap((batch) => {
            const role =
              batch.input_file_id === fileId
                ? "input"
                : batch.output_file_id === fileId
                  ? "output"
                  : batch.error_file_id === fileId
                    ? "errors"
                    : null;
            return role ? [{ id: batch.id, status: batch.status, role }] : [];
          });
          return { available: true, items, partial: page.has_more };
        } catch (error) {
          return missing(error, "batches");
        }
      })();
      const fineTuning = (async (): Promise<FileUsage["fineTuning"]> => {
        try {
          const page = await client.fineTuning.jobs.list({ limit: USAGE_SCAN_LIMIT });
          const items = page.data.flatMap((job) => {
            const role =
              job.training_file === fileId
                ? "training"
                : job.validation_file === fileId
                  ? "validation"
                  : job.result_files?.includes(fileId)
                    ? "result"
                    : null;
            return role ? [{ id: job.id, status: job.status, role }] : [];
          });
          return { available: true, items, partial: page.has_more };
        } catch (error) {
          return missing(error, "fine-tuning jobs");
        }
      })();
      return { vectorStores: await vectorStores, batches: await batches, fineTuning: await fineTuning };
    },
    staleTime: 30_000,
  });
}

export type { FileObject };
