"use client";

import { useInfiniteQuery, useQueries, useQuery } from "@tanstack/react-query";
import OpenAI from "openai";
import type { FileObject } from "openai/resources/files";
import type { VectorStoreFile } from "openai/resources/vector-stores/files";
import type { VectorStore } from "openai/resources/vector-stores/vector-stores";
import { projectOpenAI } from "./openai";
import { queryKeys } from "./query-keys";

export const VECTOR_STORES_PAGE = 20;

// While ingestion runs the pages ask again every second, and stop once nothing is in progress.
export const INGESTION_POLL_MS = 1000;

/** Vector stores, newest first, a page at a time following the API's `after` cursor. */
export function useVectorStores(projectId: string) {
  return useInfiniteQuery({
    queryKey: queryKeys.upstream.vectorStores(projectId),
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => {
      const page = await projectOpenAI(projectId).vectorStores.list({ limit: VECTOR_STORES_PAGE, order: "desc", after: pageParam });
      return { data: page.data, hasMore: page.has_more };
    },
    getNextPageParam: (last) => (last.hasMore && last.data.length ? last.data[last.data.length - 1].id : undefined),
    refetchInterval: (query) =>
      query.state.data?.pages.some((page) => page.data.some((store) => store.file_counts.in_progress > 0)) ? INGESTION_POLL_MS : false,
  });
}

export function isIngesting(store: VectorStore | undefined, files: readonly VectorStoreFile[] | undefined): boolean {
  return (store?.file_counts.in_progress ?? 0) > 0 || (files ?? []).some((file) => file.status === "in_progress");
}

export function useVectorStore(projectId: string, vectorStoreId: string) {
  return useQuery({
    queryKey: queryKeys.upstream.vectorStore(projectId, vectorStoreId),
    queryFn: () => projectOpenAI(projectId).vectorStores.retrieve(vectorStoreId),
    refetchInterval: (query) => (isIngesting(query.state.data, undefined) ? INGESTION_POLL_MS : false),
  });
}

/** Every file of a store (all pages), newest first. */
export function useVectorStoreFiles(projectId: string, vectorStoreId: string) {
  return useQuery({
    queryKey: queryKeys.upstream.vectorStoreFiles(projectId, vectorStoreId),
    queryFn: async () => {
      const files: VectorStoreFile[] = [];
      for await (const file of projectOpenAI(projectId).vectorStores.files.list(vectorStoreId, { limit: 100, order: "desc" }))
        files.push(file);
      return files;
    },
    refetchInterval: (query) => (isIngesting(undefined, query.state.data) ? INGESTION_POLL_MS : false),
  });
}

/**
 * The uploaded files behind vector store files, for their names. A file deleted since it was
 * attached answers 404: that is `null` ("deleted file"), not an error.
 */
export function useFileObjects(projectId: string, fileIds: readonly string[]) {
  return useQueries({
    queries: fileIds.map((fileId) => ({
      queryKey: queryKeys.upstream.fileOrGone(projectId, fileId),
      queryFn: async (): Promise<FileObject | null> => {
        try {
          return await projectOpenAI(projectId).files.retrieve(fileId);
        } catch (error) {
          if (error instanceof OpenAI.NotFoundError) return null;
          throw error;
        }
      },
      staleTime: Number.POSITIVE_INFINITY,
    })),
  });
}

const ATTACHABLE_PURPOSES = new Set(["assistants", "user_data"]);

/** The project's files that may go into a vector store (purpose assistants or user_data). */
export function useAttachableFiles(projectId: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.upstream.attachableFiles(projectId),
    queryFn: async () => {
      const files: FileObject[] = [];
      for await (const file of projectOpenAI(projectId).files.list({ limit: 100, order: "desc" })) {
        if (ATTACHABLE_PURPOSES.has(file.purpose)) files.push(file);
      }
      return files;
    },
    enabled,
  });
}

/** A file batch, asked again every second until it is no longer in progress. */
export function useFileBatch(projectId: string, vectorStoreId: string, batchId: string | null) {
  return useQuery({
    queryKey: queryKeys.upstream.vectorStoreBatch(projectId, vectorStoreId, batchId ?? ""),
    queryFn: () => projectOpenAI(projectId).vectorStores.fileBatches.retrieve(batchId ?? "", { vector_store_id: vectorStoreId }),
    enabled: batchId !== null,
    refetchInterval: (query) => (query.state.data?.status === "in_progress" ? INGESTION_POLL_MS : false),
  });
}
