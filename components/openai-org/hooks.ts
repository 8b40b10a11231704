"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";
import type {
  AdminConnectionSummary,
  CreatedServiceAccount,
  OrgApiKey,
  OrgLinks,
  OrgPage,
  OrgProject,
  OrgProjectUser,
  OrgRateLimit,
  OrgServiceAccount,
  OrgSpendAlert,
  OrgSpendLimit,
} from "@/lib/openai-org/schema";

// One hook per resource of Admin → OpenAI organization; every call goes to our own routes, which
// hold the admin key. `via` is the Switchboard project whose connection's admin key is used.

const base = (via: string) => `/api/admin/openai/${encodeURIComponent(via)}/projects`;
const projectBase = (via: string, id: string) => `${base(via)}/${encodeURIComponent(id)}`;

export function useAdminConnections() {
  return useQuery({
    queryKey: queryKeys.admin.openaiConnections,
    queryFn: () => apiFetch<{ connections: AdminConnectionSummary[] }>("/api/admin/openai/connections").then((r) => r.connections),
  });
}

export function useIssueSandboxAdminKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (projectId: string) =>
      apiFetch<void>(`/api/admin/openai/connections/${encodeURIComponent(projectId)}/sandbox-admin-key`, { method: "POST" }),
    // Refused too: "already has an admin key" means another admin was quicker, and the page should show it.
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.admin.openaiConnections }),
  });
}

export function useOrgProjects(via: string, includeArchived: boolean) {
  return useQuery({
    queryKey: queryKeys.admin.openaiProjects(via, includeArchived),
    queryFn: () => apiFetch<OrgPage<OrgProject>>(`${base(via)}?includeArchived=${includeArchived}`),
  });
}

export function useOrgProject(via: string, id: string) {
  return useQuery({ queryKey: queryKeys.admin.openaiProject(via, id), queryFn: () => apiFetch<OrgProject>(projectBase(via, id)) });
}

/** Changes under one organization: every list of it may be stale afterwards. */
function useOrgMutation<I, O>(via: string, run: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: () => client.invalidateQueries({ queryKey: ["admin", "openai", via] }),
  });
}

export function useCreateOrgProject(via: string) {
  return useOrgMutation(via, (input: { name: string }) => apiFetch<OrgProject>(base(via), { body: input }));
}

export function useUpdateOrgProject(via: string, id: string) {
  return useOrgMutation(via, (input: { name: string } | { archived: true }) =>
    apiFetch<OrgProject>(projectBase(via, id), { method: "PATCH", body: input }),
  );
}

function useSection<T>(via: string, id: string, section: string, path: string, pick: (body: never) => T) {
  return useQuery({
    queryKey: queryKeys.admin.openaiSection(via, id, section),
    queryFn: () => apiFetch<never>(`${projectBase(via, id)}/${path}`).then(pick),
  });
}

export const useProjectUsers = (via: string, id: string) =>
  useSection(via, id, "users", "users", (body: { users: OrgProjectUser[] }) => body.users);
export const useApiKeys = (via: string, id: string) => useSection(via, id, "api-keys", "api-keys", (body: OrgPage<OrgApiKey>) => body);
export const useServiceAccounts = (via: string, id: string) =>
  useSection(via, id, "service-accounts", "service-accounts", (body: { serviceAccounts: OrgServiceAccount[] }) => body.serviceAccounts);
export const useRateLimits = (via: string, id: string) =>
  useSection(via, id, "rate-limits", "rate-limits", (body: { rateLimits: OrgRateLimit[] }) => body.rateLimits);
export const useSpendLimit = (via: string, id: string) =>
  useSection(via, id, "spend-limit", "spend-limit", (body: { spendLimit: OrgSpendLimit | null }) => body.spendLimit);
export const useSpendAlerts = (via: string, id: string) =>
  useSection(via, id, "spend-alerts", "spend-alerts", (body: { spendAlerts: OrgSpendAlert[] }) => body.spendAlerts);
export const useLinks = (via: string, id: string) => useSection(via, id, "link", "link", (body: OrgLinks) => body);

export function useProjectMutation<I, O = unknown>(
  via: string,
  id: string,
  request: (input: I) => { path: string; method: string; body?: unknown },
) {
  return useOrgMutation(via, (input: I) => {
    const { path, method, body } = request(input);
    return apiFetch<O>(`${projectBase(via, id)}/${path}`, { method, body });
  });
}

export type { CreatedServiceAccount };
