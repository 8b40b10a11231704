// The one place that says who may do what. Route handlers and pages name a permission; they never
// compare roles themselves. Roles are ordered: a higher role has every permission of a lower one.

export const INSTANCE_ROLES = ["member", "admin", "owner"] as const;
export const PROJECT_ROLES = ["viewer", "member", "admin"] as const;
export type InstanceRole = (typeof INSTANCE_ROLES)[number];
export type ProjectRole = (typeof PROJECT_ROLES)[number];

export const PROJECT_PERMISSIONS = {
  "project.read": "viewer",
  "project.members.read": "member",
  "project.settings.read": "admin",
  "project.update": "admin",
  "project.archive": "admin",
  "project.members.manage": "admin",
  "project.audit.read": "admin",
  // The upstream connection (kind, base URL, masked keys) and its "test connection".
  "project.connection.read": "admin",
  "project.connection.manage": "admin",
  // The console proxy to the upstream API: viewers read (GET), members create and delete
  // (responses, files, vector stores, batches, fine-tuning), and admins do both.
  "project.api.read": "viewer",
  "project.api.write": "member",
  // Saved playground prompts: everyone in the project reads them, members save.
  "project.prompts.write": "member",
  // Project API keys for the /v1 gateway: everyone sees the keys they own; admins see and manage all.
  "project.keys.read": "viewer",
  "project.keys.manage": "admin",
  // Usage figures and costs; the request log (its bodies may hold prompts) for members; comparing
  // with the upstream's bill (made with the connection's admin key) for admins.
  "project.usage.read": "viewer",
  "project.logs.read": "member",
  "project.usage.reconcile": "admin",
} as const satisfies Record<string, ProjectRole>;

export const INSTANCE_PERMISSIONS = {
  "instance.projects.create": "admin",
  "instance.projects.read_all": "admin",
  "instance.members.read": "admin",
  "instance.members.manage": "admin",
  "instance.audit.read": "admin",
  // Admin → OpenAI organization: the upstream organization's projects, keys and limits, through a
  // connection's admin key (which never leaves the server).
  "instance.openai.read": "admin",
  "instance.openai.manage": "admin",
  "instance.usage.read": "admin",
  "instance.prices.manage": "admin",
} as const satisfies Record<string, InstanceRole>;

export type ProjectPermission = keyof typeof PROJECT_PERMISSIONS;
export type InstancePermission = keyof typeof INSTANCE_PERMISSIONS;

export function projectRoleAtLeast(role: ProjectRole, minimum: ProjectRole): boolean {
  return PROJECT_ROLES.indexOf(role) >= PROJECT_ROLES.indexOf(minimum);
}

export function instanceRoleAtLeast(role: InstanceRole, minimum: InstanceRole): boolean {
  return INSTANCE_ROLES.indexOf(role) >= INSTANCE_ROLES.indexOf(minimum);
}

export function projectRoleAllows(role: ProjectRole, permission: ProjectPermission): boolean {
  return projectRoleAtLeast(role, PROJECT_PERMISSIONS[permission]);
}

export function instanceRoleAllows(role: InstanceRole, permission: InstancePermission): boolean {
  return instanceRoleAtLeast(role, INSTANCE_PERMISSIONS[permission]);
}

/**
 * The role a person holds in a project: instance owners and admins administer every project;
 * everyone else holds the role of their membership, or none (the project does not exist for them).
 */
export function effectiveProjectRole(instanceRole: InstanceRole, membershipRole: ProjectRole | null): ProjectRole | null {
  if (instanceRoleAtLeast(instanceRole, "admin")) return "admin";
  return membershipRole;
}
