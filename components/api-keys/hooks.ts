"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type { CreateKeyInput, updateKeyInput } from "@/lib/api-keys/schema";
import type { KeyView } from "@/lib/api-keys/types";
import { apiFetch } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";

export type { KeyView };

export interface ServiceAccountRow {
  id: string;
  name: string;
  createdAt: string;
}

export interface IssuedKey {
  key: KeyView;
  secret: string;
}

export function useApiKeys(projectId: string) {
  return useQuery({
    queryKey: queryKeys.projects.apiKeys(projectId),
    queryFn: () => apiFetch<{ keys: KeyView[] }>(`/api/projects/${projectId}/api-keys`).then((r) => r.keys),
  });
}

export function useServiceAccounts(projectId: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.projects.serviceAccounts(projectId),
    queryFn: () =>
      apiFetch<{ serviceAccounts: ServiceAccountRow[] }>(`/api/projects/${projectId}/service-accounts`).then((r) => r.serviceAccounts),
    enabled,
  });
}

export function useApiKeyMutations(projectId: string) {
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: queryKeys.projects.apiKeys(projectId) });
  return {
    create: useMutation({
      mutationFn: (input: CreateKeyInput) => apiFetch<IssuedKey>(`/api/projects/${projectId}/api-keys`, { body: input }),
      onSuccess: refresh,
    }),
    update: useMutation({
      mutationFn: ({ keyId, input }: { keyId: string; input: z.output<typeof updateKeyInput> }) =>
        apiFetch<{ key: KeyView }>(`/api/projects/${projectId}/api-keys/${keyId}`, { method: "PATCH", body: input }),
      onSuccess: refresh,
    }),
    roll: useMutation({
      mutationFn: ({ keyId, graceHours }: { keyId: string; graceHours: number }) =>
        apiFetch<IssuedKey>(`/api/projects/${projectId}/api-keys/${keyId}/roll`, { body: { graceHours } }),
      onSuccess: refresh,
    }),
    revoke: useMutation({
      mutationFn: (keyId: string) => apiFetch(`/api/projects/${projectId}/api-keys/${keyId}`, { method: "DELETE" }),
      onSuccess: refresh,
    }),
    createServiceAccount: useMutation({
      mutationFn: (name: string) => apiFetch<ServiceAccountRow>(`/api/projects/${projectId}/service-accounts`, { body: { name } }),
      onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.projects.serviceAccounts(projectId) }),
    }),
  };
}
