import "server-only";
import type { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { instanceRoleAllows } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import type { RequestMeta } from "@/lib/http/handler";
import { connectProjectToSandbox } from "@/lib/upstream/connections";
import { slugify } from "@/lib/validation/common";
import type { createProjectInput, updateProjectInput } from "./schema";

const projectSelect = { id: true, slug: true, name: true, archivedAt: true, createdAt: true } as const;

export interface ProjectSummary {
  id: string;
  slug: string;
  name: string;
  archivedAt: Date | null;
  createdAt: Date;
  role: "admin" | "member" | "viewer";
}

/** The projects a person can open: all of them for instance admins, their memberships otherwise. */
export async function listProjectsFor(user: SessionUser, options: { includeArchived?: boolean } = {}): Promise<ProjectSummary[]> {
  const prisma = await db();
  const archived = options.includeArchived ? {} : { archivedAt: null };
  if (instanceRoleAllows(user.instanceRole, "instance.projects.read_all")) {
    const projects = await prisma.project.findMany({ where: archived, select: projectSelect, orderBy: { name: "asc" } });
    return projects.map((p) => ({ ...p, role: "admin" as const }));
  }
  const memberships = await prisma.projectMember.findMany({
    where: { userId: user.id, project: archived },
    select: { role: true, project: { select: projectSelect } },
    orderBy: { project: { name: "asc" } },
  });
  return memberships.map((m) => ({ ...m.project, role: m.role }));
}

export async function createProject(actor: SessionUser, input: z.infer<typeof createProjectInput>, meta: RequestMeta) {
  const prisma = await db();
  return prisma.$transaction(async (tx) => {
    const project = await tx.project.create({
      data: {
        name: input.name,
        slug: input.slug ?? (await uniqueSlug(tx, slugify(input.name))),
        members: { create: { userId: actor.id, role: "admin" } },
      },
      select: projectSelect,
    });
    await connectProjectToSandbox(project.id, tx);
    await recordAudit(
      {
        actorId: actor.id,
        action: "project.create",
        targetType: "project",
        targetId: project.id,
        projectId: project.id,
        after: { name: project.name, slug: project.slug },
        ...meta,
      },
      tx,
    );
    return project;
  });
}

export async function updateProject(actor: SessionUser, projectId: string, input: z.infer<typeof updateProjectInput>, meta: RequestMeta) {
  const prisma = await db();
  return prisma.$transaction(async (tx) => {
    const before = await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: projectSelect });
    const archivedAt = input.archived === undefined ? undefined : input.archived ? (before.archivedAt ?? new Date()) : null;
    const after = await tx.project.update({
      where: { id: projectId },
      data: { name: input.name, slug: input.slug, archivedAt },
      select: projectSelect,
    });
    const action =
      input.archived === true && !before.archivedAt
        ? "project.archive"
        : input.archived === false && before.archivedAt
          ? "project.restore"
          : "project.update";
    await recordAudit(
      {
        actorId: actor.id,
        action,
        targetType: "project",
        targetId: projectId,
        projectId,
        before: { name: before.name, slug: before.slug, archived: Boolean(before.archivedAt) },
        after: { name: after.name, slug: after.slug, archived: Boolean(after.archivedAt) },
        ...meta,
      },
      tx,
    );
    return after;
  });
}

type SlugReader = { project: { findUnique(args: { where: { slug: string }; select: { id: true } }): Promise<{ id: string } | null> } };

// A name's slug, with -2, -3… when taken. A racing insert still fails on the unique index (409).
async function uniqueSlug(tx: SlugReader, base: string): Promise<string> {
  for (let n = 1; n < 100; n++) {
    const candidate = n === 1 ? base : `${base.slice(0, 44)}-${n}`;
    if (!(await tx.project.findUnique({ where: { slug: candidate }, select: { id: true } }))) return candidate;
  }
  return `${base.slice(0, 38)}-${Date.now().toString(36)}`;
}
