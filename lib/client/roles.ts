import { INSTANCE_ROLES, PROJECT_ROLES } from "@/lib/auth/permissions";

export const PROJECT_ROLE_OPTIONS = [...PROJECT_ROLES].reverse().map((role) => ({
  value: role,
  label: { admin: "Admin — manages settings and members", member: "Member — uses the project", viewer: "Viewer — reads only" }[role],
}));

export const INSTANCE_ROLE_OPTIONS = [...INSTANCE_ROLES].reverse().map((role) => ({
  value: role,
  label: { owner: "Owner", admin: "Admin — manages people and projects", member: "Member — sees their projects" }[role],
}));
