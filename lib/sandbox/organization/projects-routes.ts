import "server-only";
import { db } from "@/lib/db/client";
import type { Route, SandboxContext } from "../context";
import { missingParameter } from "../errors";
import { newId } from "../ids";
import { listParams } from "../pagination";
import { requireAdminKey } from "./auth";
import { optionalString, pageOf, projectObject, requireActiveProject, requireProject, syncKeyProjects } from "./store";

// /organization/projects: list, create, retrieve, rename, archive.

async function listProjects(ctx: SandboxContext) {
  requireAdminKey(ctx);
  await syncKeyProjects();
  const prisma = await db();
  const params = listParams(ctx.url, { limit: 20, order: "asc" });
  const includeArchived = ctx.url.searchParams.get("include_archived") === "true";
  const archived = includeArchived ? {} : { archivedAt: null };
  const page = await pageOf(
    params,
    (id) => prisma.sandboxProject.findUnique({ where: { id }, select: { id: true, createdAt: true } }),
    ({ where, orderBy, take }) => prisma.sandboxProject.findMany({ where: { AND: [archived, where] }, orderBy: [...orderBy], take }),
    "project",
  );
  return { ...page, data: page.data.map(projectObject) };
}

async function createProject(ctx: SandboxContext) {
  requireAdminKey(ctx);
  const body = await ctx.json();
  const name = optionalString(body, "name");
  if (!name) throw missingParameter("name");
  const prisma = await db();
  return projectObject(await prisma.sandboxProject.create({ data: { id: newId.project(), name } }));
}

async function retrieveProject(ctx: SandboxContext) {
  requireAdminKey(ctx);
  return projectObject(await requireProject(ctx.params[0]));
}

async function modifyProject(ctx: SandboxContext) {
  requireAdminKey(ctx);
  const project = await requireActiveProject(ctx.params[0]);
  const name = optionalString(await ctx.json(), "name");
  if (!name) return projectObject(project);
  const prisma = await db();
  return projectObject(await prisma.sandboxProject.update({ where: { id: project.id }, data: { name } }));
}

async function archiveProject(ctx: SandboxContext) {
  requireAdminKey(ctx);
  const project = await requireProject(ctx.params[0]);
  if (project.archivedAt) return projectObject(project);
  const prisma = await db();
  return projectObject(await prisma.sandboxProject.update({ where: { id: project.id }, data: { archivedAt: new Date() } }));
}

const ID = "([^/]+)";

export const routes: Route[] = [
  { method: "GET", pattern: /^\/organization\/projects$/, handle: listProjects },
  { method: "POST", pattern: /^\/organization\/projects$/, handle: createProject },
  { method: "GET", pattern: new RegExp(`^/organization/projects/${ID}$`), handle: retrieveProject },
  { method: "POST", pattern: new RegExp(`^/organization/projects/${ID}$`), handle: modifyProject },
  { method: "POST", pattern: new RegExp(`^/organization/projects/${ID}/archive$`), handle: archiveProject },
];
