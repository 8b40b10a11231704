"use client";

import { useQueries } from "@tanstack/react-query";
import { apiFetch } from "./api";
import { queryKeys } from "./query-keys";

export interface CreatorInfo {
  objectId: string;
  objectType: string;
  createdAt: string;
  createdBy: { id: string; name: string } | null;
  apiKeyId: string | null;
}

// The route takes at most 200 ids a call.
const CHUNK = 200;

/**
 * Who created the listed upstream objects from this console, by object id. Objects made
 * elsewhere (the upstream's own dashboard, another tool) are absent from the map. The ids are
 * asked for in chunks in list order, so loading another page of a list asks only for its ids.
 */
export function useCreators(projectId: string, ids: string[]): { creators: Map<string, CreatorInfo>; loading: boolean } {
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += CHUNK) chunks.push(ids.slice(i, i + CHUNK));
  return useQueries({
    queries: chunks.map((chunk) => ({
      queryKey: queryKeys.creators(projectId, chunk),
      staleTime: 60_000,
      queryFn: async () => {
        const search = new URLSearchParams({ ids: chunk.join(",") });
        const { objects } = await apiFetch<{ objects: CreatorInfo[] }>(`/api/projects/${projectId}/created-objects?${search}`);
        return objects;
      },
    })),
    combine: (results) => ({
      creators: new Map(results.flatMap((result) => result.data ?? []).map((object) => [object.objectId, object])),
      loading: results.some((result) => result.isPending),
    }),
  });
}
