import "server-only";
import { recordAudit } from "@/lib/audit/record";
import { instanceRoleAtLeast } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session";
import { hashPassword } from "@/lib/crypto/password";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/http/errors";
import type { RequestMeta } from "@/lib/http/handler";
import type { CreateUserInput } from "./schema";

export async function listUsers() {
  const prisma = await db();
  return prisma.user.findMany({
    select: {
      id: true,
      name: true,
      email: true,
      instanceRole: true,
      status: true,
      createdAt: true,
      _count: { select: { memberships: true } },
    },
    orderBy: { name: "asc" },
  });
}

/** An admin adds a person with a first password and, optionally, project memberships. */
export async function createUser(actor: SessionUser, input: CreateUserInput, meta: RequestMeta) {
  if (!instanceRoleAtLeast(actor.instanceRole, input.instanceRole)) {
    throw new AppError("forbidden", `You cannot grant the ${input.instanceRole} role, which is above your own`, "instanceRole");
  }
  const passwordHash = await hashPassword(input.password);
  const prisma = await db();
  const projectIds = [...new Set(input.projects.map((p) => p.projectId))];
  if (projectIds.length !== input.projects.length) throw new AppError("bad_request", "A project is listed twice", "projects");
  return prisma.$transaction(async (tx) => {
    const found = await tx.project.count({ where: { id: { in: projectIds } } });
    if (found !== projectIds.length) throw new AppError("bad_request", "One of the projects does not exist", "projects");
    const user = await tx.user.create({
      data: {
        name: input.name,
        email: input.email,
        passwordHash,
        instanceRole: input.instanceRole,
        memberships: { create: input.projects.map((p) => ({ projectId: p.projectId, role: p.role })) },
      },
      select: { id: true, name: true, email: true, instanceRole: true, status: true, createdAt: true },
    });
    await recordAudit(
      {
        actorId: actor.id,
        action: "user.create",
        targetType: "user",
        targetId: user.id,
        after: { email: user.email, name: user.name, instanceRole: user.instanceRole, projects: input.projects },
        ...meta,
      },
      tx,
    );
    return user;
  });
}
