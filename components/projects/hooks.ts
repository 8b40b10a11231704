"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";

export interface ProjectRow {
  id: string;
  slug: string;
  name: string;
  archivedAt: string | null;
  createdAt: string;
  role: "admin" | "member" | "viewer";
}

export interface MemberRow {
  id: string;
  name: string;
  email: string;
  status: "active" | "deactivated";
  role: "admin" | "member" | "viewer";
  addedAt: string;
}

export function useProjects(includeArchived = false) {
  return useQuery({
    queryKey: queryKeys.projects.list(includeArchived),
    queryFn: () =>
      apiFetch<{ projects: ProjectRow[] }>(`/api/projects${includeArchived ? "?archived=include" : ""}`).then((r) => r.projects),
  });
}

export function useCreateProject() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; slug?: string }) => apiFetch<ProjectRow>("/api/projects", { body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.projects.all }),
  });
}

export function useUpdateProject(projectId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { name?: string; slug?: string; archived?: boolean }) =>
      apiFetch<ProjectRow>(`/api/projects/${projectId}`, { method: "PATCH", body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.projects.all }),
  });
}

export function useProjectMembers(projectId: string) {
  return useQuery({
    queryKey: queryKeys.projects.members(projectId),
    queryFn: () => apiFetch<{ members: MemberRow[] }>(`/api/projects/${projectId}/members`).then((r) => r.members),
  });
}

export function useMemberMutations(projectId: string) {
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: queryKeys.projects.members(projectId) });
  return {
    add: useMutation({
      mutationFn: (input: { email: string; role: string }) => apiFetch(`/api/projects/${projectId}/members`, { body: input }),
      onSuccess: refresh,
    }),
    update: useMutation({
      mutationFn: ({ userId, role }: { userId: string; role: string }) =>
        apiFetch(`/api/projects/${projectId}/members/${userId}`, { method: "PATCH", body: { role } }),
      onSuccess: refresh,
    }),
    remove: useMutation({
      mutationFn: (userId: string) => apiFetch(`/api/projects/${projectId}/members/${userId}`, { method: "DELETE" }),
      onSuccess: refresh,
    }),
  };
}
