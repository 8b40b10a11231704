"use client";

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";

export type InstanceRoleName = "owner" | "admin" | "member";

export interface UserRow {
  id: string;
  name: string;
  email: string;
  instanceRole: InstanceRoleName;
  status: "active" | "deactivated";
  createdAt: string;
  _count: { memberships: number };
}

export interface InvitationRow {
  id: string;
  email: string;
  instanceRole: InstanceRoleName;
  projects: { projectId: string; role: string }[];
  expiresAt: string;
  createdAt: string;
  expired: boolean;
  invitedBy: { name: string; email: string } | null;
}

/** A link made for someone (invitation or password reset): shown once, perhaps also mailed. */
export interface IssuedLink {
  path: string;
  url: string;
  mail: { sent: boolean | null; error?: string };
}

export interface AuditRow {
  id: string;
  createdAt: string;
  action: string;
  targetType: string;
  targetId: string | null;
  target: string | null;
  projectId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  userAgent: string | null;
  actor: { id: string; name: string; email: string } | null;
}

export interface AuditFilters {
  actor?: string;
  action?: string;
  target?: string;
  from?: string;
  to?: string;
}

export function useUsers() {
  return useQuery({
    queryKey: queryKeys.admin.users,
    queryFn: () => apiFetch<{ users: UserRow[] }>("/api/admin/users").then((r) => r.users),
  });
}

export function useCreateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: unknown) => apiFetch<UserRow>("/api/admin/users", { body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.admin.users }),
  });
}

export function useUpdateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, ...change }: { userId: string; instanceRole?: string; status?: "active" | "deactivated" }) =>
      apiFetch<UserRow>(`/api/admin/users/${userId}`, { method: "PATCH", body: change }),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.admin.users }),
  });
}

export function useIssuePasswordReset() {
  return useMutation({
    mutationFn: (userId: string) =>
      apiFetch<IssuedLink & { expiresAt: string }>(`/api/admin/users/${userId}/password-reset`, { method: "POST" }),
  });
}

export function useInvitations() {
  return useQuery({
    queryKey: queryKeys.admin.invitations,
    queryFn: () => apiFetch<{ invitations: InvitationRow[] }>("/api/admin/invitations").then((r) => r.invitations),
  });
}

export function useCreateInvitation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: unknown) => apiFetch<IssuedLink & { invitation: InvitationRow }>("/api/admin/invitations", { body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.admin.invitations }),
  });
}

export function useRevokeInvitation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (invitationId: string) => apiFetch<void>(`/api/admin/invitations/${invitationId}`, { method: "DELETE" }),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.admin.invitations }),
  });
}

export function auditUrl(projectId: string | undefined, filters: AuditFilters, extra: Record<string, string> = {}): string {
  const base = projectId ? `/api/projects/${projectId}/audit` : "/api/admin/audit";
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filters, ...extra })) if (value) params.set(key, value);
  const query = params.toString();
  return query ? `${base}?${query}` : base;
}

export function useAuditLog(projectId: string | undefined, filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: [...(projectId ? queryKeys.projects.audit(projectId) : queryKeys.admin.audit), filters],
    initialPageParam: "",
    queryFn: ({ pageParam }) =>
      apiFetch<{ entries: AuditRow[]; next: string | null; actions?: string[] }>(auditUrl(projectId, filters, { before: pageParam })),
    getNextPageParam: (page) => page.next ?? undefined,
  });
}
