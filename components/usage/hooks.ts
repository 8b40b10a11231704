"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";
import type { LogEntry } from "@/lib/usage/logs";
import type { PriceRow } from "@/lib/usage/prices";
import type { MonthToDate, UsageReport } from "@/lib/usage/query";
import type { Reconciliation } from "@/lib/usage/reconcile";
import type { UsageSettings } from "@/lib/usage/settings";

export type { LogEntry, MonthToDate, PriceRow, Reconciliation, UsageReport, UsageSettings };

/** A project's usage, or (projectId null) the whole instance's. */
export function useUsage(projectId: string | null, params: Record<string, string>) {
  const search = new URLSearchParams(params).toString();
  return useQuery({
    queryKey: projectId ? queryKeys.projects.usage(projectId, params) : queryKeys.admin.usage(params),
    queryFn: () =>
      apiFetch<{ report: UsageReport; month?: MonthToDate }>(
        projectId ? `/api/projects/${projectId}/usage?${search}` : `/api/admin/usage?${search}`,
      ),
    placeholderData: (previous) => previous,
  });
}

export function useReconciliation(projectId: string, params: { from: string; to: string } | null) {
  return useQuery({
    queryKey: queryKeys.projects.reconcile(projectId, params ?? {}),
    queryFn: () => apiFetch<Reconciliation>(`/api/projects/${projectId}/usage/reconcile?${new URLSearchParams(params ?? {})}`),
    enabled: params !== null,
    retry: false,
  });
}

export function useUsageSettings(projectId: string) {
  return useQuery({
    queryKey: queryKeys.projects.usageSettings(projectId),
    queryFn: () => apiFetch<UsageSettings>(`/api/projects/${projectId}/usage-settings`),
  });
}

export function useSaveUsageSettings(projectId: string) {
  const client = useQueryClient();
  return useMutation({
    // As typed: the server checks it and names the field of a mistake (see formNumber).
    mutationFn: (input: { [K in keyof UsageSettings]?: unknown }) =>
      apiFetch<UsageSettings>(`/api/projects/${projectId}/usage-settings`, { method: "PUT", body: input }),
    onSuccess: (data) => {
      client.setQueryData(queryKeys.projects.usageSettings(projectId), data);
      void client.invalidateQueries({ queryKey: ["projects", projectId, "usage"] });
    },
  });
}

export function useRequestLog(projectId: string, params: Record<string, string>) {
  return useQuery({
    queryKey: queryKeys.projects.logs(projectId, params),
    queryFn: () =>
      apiFetch<{ mode: string; entries: LogEntry[]; next: string | null }>(
        `/api/projects/${projectId}/logs?${new URLSearchParams(params)}`,
      ),
    placeholderData: (previous) => previous,
  });
}

export function useLogEntry(projectId: string, eventId: string | null) {
  return useQuery({
    queryKey: queryKeys.projects.logEntry(projectId, eventId ?? ""),
    queryFn: () =>
      apiFetch<{ entry: LogEntry; bodies: { requestBody: string | null; responseBody: string | null; truncated: boolean } | null }>(
        `/api/projects/${projectId}/logs/${eventId}`,
      ),
    enabled: eventId !== null,
  });
}

export interface PriceTable {
  models: { model: string; current: PriceRow | null; history: PriceRow[] }[];
  unpriced: { model: string; requests: number; lastSeen: string }[];
}

export function usePrices() {
  return useQuery({ queryKey: queryKeys.admin.prices, queryFn: () => apiFetch<PriceTable>("/api/admin/prices") });
}

export function useAddPrice() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: unknown) => apiFetch<{ id: string }>("/api/admin/prices", { body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.admin.prices }),
  });
}
