"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Rates } from "@/lib/playground/cost";
import type { PlaygroundSetup } from "@/lib/playground/state";
import { apiFetch } from "./api";
import { queryKeys } from "./query-keys";

export interface ModelRates extends Rates {
  model: string;
}

/** The prices in effect for these models (a model with none is absent: unpriced). */
export function usePrices(projectId: string, models: string[]) {
  const sorted = [...new Set(models.filter(Boolean))].sort();
  return useQuery({
    queryKey: queryKeys.playground.prices(projectId, sorted),
    queryFn: () =>
      apiFetch<{ prices: ModelRates[] }>(`/api/projects/${projectId}/prices?models=${encodeURIComponent(sorted.join(","))}`).then(
        (data) => new Map(data.prices.map((price) => [price.model, price])),
      ),
    enabled: sorted.length > 0,
    staleTime: 5 * 60_000,
  });
}

export interface PromptSummary {
  id: string;
  name: string;
  updatedAt: string;
  latestVersion: number;
}

export interface PromptDetail {
  id: string;
  name: string;
  version: number;
  versions: { version: number; createdAt: string }[];
  setup: unknown;
}

export function usePrompts(projectId: string) {
  return useQuery({
    queryKey: queryKeys.playground.prompts(projectId),
    queryFn: () => apiFetch<{ prompts: PromptSummary[] }>(`/api/projects/${projectId}/prompts`).then((data) => data.prompts),
  });
}

export function fetchPrompt(projectId: string, promptId: string, version: number | null) {
  const query = version ? `?version=${version}` : "";
  return apiFetch<PromptDetail>(`/api/projects/${projectId}/prompts/${encodeURIComponent(promptId)}${query}`);
}

export function usePromptVersions(projectId: string, promptId: string | null) {
  return useQuery({
    queryKey: queryKeys.playground.prompt(projectId, promptId ?? "", null),
    queryFn: () => fetchPrompt(projectId, promptId ?? "", null),
    enabled: !!promptId,
  });
}

export function useSavePrompt(projectId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; setup: PlaygroundSetup }) =>
      apiFetch<{ id: string; name: string; version: number }>(`/api/projects/${projectId}/prompts`, { body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.playground.prompts(projectId) }),
  });
}
