import "server-only";
import { recordAudit } from "@/lib/audit/record";
import type { ProjectRole } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/http/errors";
import type { RequestMeta } from "@/lib/http/handler";

export async function listProjectMembers(projectId: string) {
  const prisma = await db();
  const rows = await prisma.projectMember.findMany({
    where: { projectId },
    select: { role: true, createdAt: true, user: { select: { id: true, name: true, email: true, status: true } } },
    orderBy: { user: { name: "asc" } },
  });
  return rows.map((row) => ({ ...row.user, role: row.role, addedAt: row.createdAt }));
}

export async function addProjectMember(
  actor: SessionUser,
  projectId: string,
  input: { email: string; role: ProjectRole },
  meta: RequestMeta,
) {
  const prisma = await db();
  const user = await prisma.user.findUnique({ where: { email: input.email }, select: { id: true, name: true, email: true } });
  if (!user) {
    throw new AppError("not_found", "No account has that email; an instance admin can add the person first", "email");
  }
  return prisma.$transaction(async (tx) => {
    const existing = await tx.projectMember.findUnique({ where: { projectId_userId: { projectId, userId: user.id } } });
    if (existing) throw new AppError("conflict", `${user.email} is already a member of this project`, "email");
    await tx.projectMember.create({ data: { projectId, userId: user.id, role: input.role } });
    await recordAudit(
      {
        actorId: actor.id,
        action: "project.member.add",
        targetType: "user",
        targetId: user.id,
        projectId,
        after: { email: user.email, role: input.role },
        ...meta,
      },
      tx,
    );
    return { ...user, role: input.role };
  });
}

export async function updateProjectMember(actor: SessionUser, projectId: string, userId: string, role: ProjectRole, meta: RequestMeta) {
  const prisma = await db();
  return prisma.$transaction(async (tx) => {
    const before = await tx.projectMember.findUnique({ where: { projectId_userId: { projectId, userId } } });
    if (!before) throw new AppError("not_found", "That person is not a member of this project");
    if (before.role === "admin") await assertAdminRemains(tx, projectId, userId, role);
    await tx.projectMember.update({ where: { projectId_userId: { projectId, userId } }, data: { role } });
    await recordAudit(
      {
        actorId: actor.id,
        action: "project.member.update",
        targetType: "user",
        targetId: userId,
        projectId,
        before: { role: before.role },
        after: { role },
        ...meta,
      },
      tx,
    );
    return { userId, role };
  });
}

export async function removeProjectMember(actor: SessionUser, projectId: string, userId: string, meta: RequestMeta) {
  const prisma = await db();
  await prisma.$transaction(async (tx) => {
    const before = await tx.projectMember.findUnique({ where: { projectId_userId: { projectId, userId } } });
    if (!before) throw new AppError("not_found", "That person is not a member of this project");
    if (before.role === "admin") await assertAdminRemains(tx, projectId, userId, null);
    await tx.projectMember.delete({ where: { projectId_userId: { projectId, userId } } });
    await recordAudit(
      {
        actorId: actor.id,
        action: "project.member.remove",
        targetType: "user",
        targetId: userId,
        projectId,
        before: { role: before.role },
        ...meta,
      },
      tx,
    );
  });
}

type MemberReader = {
  projectMember: { count(args: { where: { projectId: string; role: "admin"; userId: { not: string } } }): Promise<number> };
};

// A project keeps at least one project admin of its own, so it never depends on instance admins alone.
async function assertAdminRemains(tx: MemberReader, projectId: string, userId: string, newRole: ProjectRole | null) {
  if (newRole === "admin") return;
  const others = await tx.projectMember.count({ where: { projectId, role: "admin", userId: { not: userId } } });
  if (others === 0) throw new AppError("conflict", "A project needs at least one admin; make someone else admin first");
}
