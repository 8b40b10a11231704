"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";
import type { ConnectionInputDraft, ConnectionSettings, ConnectionTestResult } from "@/lib/connection/schema";

export function useConnection(projectId: string) {
  return useQuery({
    queryKey: queryKeys.projects.connection(projectId),
    queryFn: () => apiFetch<ConnectionSettings>(`/api/projects/${projectId}/connection`),
  });
}

export function useSaveConnection(projectId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: ConnectionInputDraft) =>
      apiFetch<ConnectionSettings>(`/api/projects/${projectId}/connection`, { method: "PUT", body: input }),
    onSuccess: (settings) => client.setQueryData(queryKeys.projects.connection(projectId), settings),
  });
}

/** Tests the saved connection (no draft) or the form as it is (a draft, not saved). */
export function useTestConnection(projectId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (draft: ConnectionInputDraft | null) =>
      apiFetch<ConnectionTestResult>(`/api/projects/${projectId}/connection/test`, { method: "POST", body: draft ?? undefined }),
    onSuccess: (result) => {
      if (result.saved) return client.invalidateQueries({ queryKey: queryKeys.projects.connection(projectId) });
    },
  });
}
