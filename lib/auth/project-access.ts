import "server-only";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/http/errors";
import { effectiveProjectRole, PROJECT_PERMISSIONS, type ProjectPermission, type ProjectRole, projectRoleAllows } from "./permissions";
import type { SessionUser } from "./session";

export interface ProjectAccess {
  project: { id: string; slug: string; name: string; archivedAt: Date | null };
  role: ProjectRole;
}

/**
 * The one check behind every project route and page. A project the person cannot see answers
 * 404 (its existence is not revealed); one they can see but not act on answers 403.
 */
export async function requireProjectAccess(user: SessionUser, projectId: string, permission: ProjectPermission): Promise<ProjectAccess> {
  const prisma = await db();
  const project = await prisma.project.findUnique({
    where: { id: projectId },
    select: {
      id: true,
      slug: true,
      name: true,
      archivedAt: true,
      members: { where: { userId: user.id }, select: { role: true } },
    },
  });
  if (!project) throw new AppError("not_found", "Project not found");
  const { members, ...rest } = project;
  return decideProjectAccess(user, rest, members[0]?.role ?? null, permission);
}

/** The decision itself, for callers that read the project and membership their own way. */
export function decideProjectAccess(
  user: SessionUser,
  project: ProjectAccess["project"],
  membershipRole: ProjectRole | null,
  permission: ProjectPermission,
): ProjectAccess {
  const role = effectiveProjectRole(user.instanceRole, membershipRole);
  if (!role) throw new AppError("not_found", "Project not found");
  if (!projectRoleAllows(role, permission)) {
    throw new AppError("forbidden", `This needs the ${PROJECT_PERMISSIONS[permission]} role in this project; you are ${role}`);
  }
  const isRead = permission.endsWith(".read");
  if (project.archivedAt && !isRead && permission !== "project.archive") {
    throw new AppError("conflict", "This project is archived; restore it to make changes");
  }
  return { project, role };
}

/** Like requireProjectAccess, but answers null instead of throwing (for pages and menus). */
export async function findProjectAccess(
  user: SessionUser,
  projectId: string,
  permission: ProjectPermission = "project.read",
): Promise<ProjectAccess | null> {
  try {
    return await requireProjectAccess(user, projectId, permission);
  } catch (error) {
    if (error instanceof AppError && (error.status === 404 || error.status === 403)) return null;
    throw error;
  }
}
