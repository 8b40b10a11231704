"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";

export interface UserRow {
  id: string;
  name: string;
  email: string;
  instanceRole: "owner" | "admin" | "member";
  status: "active" | "deactivated";
  createdAt: string;
  _count: { memberships: number };
}

export interface AuditRow {
  id: string;
  createdAt: string;
  action: string;
  targetType: string;
  targetId: string | null;
  projectId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  actor: { id: string; name: string; email: string } | null;
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

export function useAuditLog(projectId?: string) {
  return useQuery({
    queryKey: projectId ? queryKeys.projects.audit(projectId) : queryKeys.admin.audit,
    queryFn: () =>
      apiFetch<{ entries: AuditRow[] }>(projectId ? `/api/projects/${projectId}/audit` : "/api/admin/audit").then((r) => r.entries),
  });
}
