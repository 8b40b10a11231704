"use client";

import { useQuery } from "@tanstack/react-query";
import { projectOpenAI } from "./openai";
import { queryKeys } from "./query-keys";

/** The upstream's models, every page of them, sorted by id; `enabled: false` waits (a closed form). */
export function useUpstreamModels(projectId: string, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    enabled,
    queryKey: queryKeys.upstream.models(projectId),
    queryFn: async () => {
      const models = [];
      for await (const model of projectOpenAI(projectId).models.list()) models.push(model);
      return models.sort((a, b) => a.id.localeCompare(b.id));
    },
    staleTime: 60_000,
  });
}
