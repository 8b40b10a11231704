import "server-only";
import { db } from "@/lib/db/client";
import type { SandboxOrgUser } from "@/lib/generated/prisma/client";
import type { Route, SandboxContext } from "../context";
import { invalidRequest, missingParameter, notFound } from "../errors";
import { newId, unixSeconds } from "../ids";
import { listParams } from "../pagination";
import { requireAdminKey } from "./auth";
import { requireActiveProject, requireProject } from "./store";

// The organization's people and a project's members. The sandbox has no invitations: a person
// added to a project by email joins the organization at once, as if they had accepted one.

const PROJECT_ROLES = ["owner", "member"];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function projectUserObject(user: SandboxOrgUser, role: string, addedAt: Date) {
  return {
    object: "organization.project.user" as const,
    id: user.id,
    name: user.name,
    email: user.email,
    role,
    added_at: unixSeconds(addedAt),
  };
}

/** Lists are short here (people of one project), so they page in memory by id. */
function pageInMemory<T extends { id: string }>(items: T[], ctx: SandboxContext, objectName: string) {
  const params = listParams(ctx.url, { limit: 20, order: "asc" });
  let start = 0;
  if (params.after !== undefined) {
    const index = items.findIndex((item) => item.id === params.after);
    if (index < 0) throw invalidRequest(`No such ${objectName}: ${params.after}`, "after");
    start = index + 1;
  }
  const data = items.slice(start, start + params.limit);
  return {
    object: "list" as const,
    data,
    first_id: data[0]?.id ?? null,
    last_id: data.at(-1)?.id ?? null,
    has_more: start + params.limit < items.length,
  };
}

async function membersOf(project: string) {
  const prisma = await db();
  const rows = await prisma.sandboxProjectUser.findMany({ where: { project }, orderBy: [{ createdAt: "asc" }, { userId: "asc" }] });
  const users = await prisma.sandboxOrgUser.findMany({ where: { id: { in: rows.map((row) => row.userId) } } });
  const byId = new Map(users.map((user) => [user.id, user]));
  return rows.flatMap((row) => {
    const user = byId.get(row.userId);
    return user ? [projectUserObject(user, row.role, row.createdAt)] : [];
  });
}

function checkedRole(value: unknown): string {
  if (value === undefined || value === null) throw missingParameter("role");
  if (typeof value !== "string" || !PROJECT_ROLES.includes(value)) {
    throw invalidRequest(`Invalid 'role': expected 'owner' or 'member', got '${String(value)}'.`, "role", "invalid_value");
  }
  return value;
}

async function listOrgUsers(ctx: SandboxContext) {
  requireAdminKey(ctx);
  const prisma = await db();
  const emails = ctx.url.searchParams.getAll("emails").flatMap((value) => value.split(","));
  const users = await prisma.sandboxOrgUser.findMany({
    where: emails.length ? { email: { in: emails } } : {},
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  const objects = users.map((user) => ({
    object: "organization.user" as const,
    id: user.id,
    name: user.name,
    email: user.email,
    role: "reader",
    added_at: unixSeconds(user.createdAt),
  }));
  return pageInMemory(objects, ctx, "user");
}

async function listProjectUsers(ctx: SandboxContext) {
  requireAdminKey(ctx);
  const project = (await requireProject(ctx.params[0])).id;
  return pageInMemory(await membersOf(project), ctx, "user");
}

async function addProjectUser(ctx: SandboxContext) {
  requireAdminKey(ctx);
  const project = (await requireActiveProject(ctx.params[0])).id;
  const body = await ctx.json();
  const role = checkedRole(body.role);
  const prisma = await db();
  let user: SandboxOrgUser | null = null;
  if (typeof body.user_id === "string" && body.user_id) {
    user = await prisma.sandboxOrgUser.findUnique({ where: { id: body.user_id } });
    if (!user) throw notFound(`No such user: ${body.user_id}`, "user_id", "not_found");
  } else if (typeof body.email === "string" && body.email) {
    const email = body.email.trim().toLowerCase();
    if (!EMAIL.test(email) || email.length > 320) throw invalidRequest(`Invalid 'email': '${body.email}'.`, "email", "invalid_value");
    user = await prisma.sandboxOrgUser.upsert({
      where: { email },
      create: { id: newId.orgUser(), email, name: email.split("@")[0] },
      update: {},
    });
  } else {
    throw missingParameter("user_id");
  }
  const existing = await prisma.sandboxProjectUser.findUnique({ where: { project_userId: { project, userId: user.id } } });
  if (existing) throw invalidRequest(`User ${user.id} is already a member of project ${project}.`, "user_id", "user_already_in_project");
  const row = await prisma.sandboxProjectUser.create({ data: { project, userId: user.id, role } });
  return projectUserObject(user, row.role, row.createdAt);
}

async function requireMember(project: string, userId: string) {
  const prisma = await db();
  const row = await prisma.sandboxProjectUser.findUnique({ where: { project_userId: { project, userId } } });
  const user = row ? await prisma.sandboxOrgUser.findUnique({ where: { id: userId } }) : null;
  if (!row || !user) throw notFound(`No such user in project ${project}: ${userId}`, "user_id", "not_found");
  return { row, user };
}

async function retrieveProjectUser(ctx: SandboxContext) {
  requireAdminKey(ctx);
  const project = (await requireProject(ctx.params[0])).id;
  const { row, user } = await requireMember(project, ctx.params[1]);
  return projectUserObject(user, row.role, row.createdAt);
}

async function modifyProjectUser(ctx: SandboxContext) {
  requireAdminKey(ctx);
  const project = (await requireActiveProject(ctx.params[0])).id;
  const { user } = await requireMember(project, ctx.params[1]);
  const role = checkedRole((await ctx.json()).role);
  const prisma = await db();
  const row = await prisma.sandboxProjectUser.update({ where: { project_userId: { project, userId: user.id } }, data: { role } });
  return projectUserObject(user, row.role, row.createdAt);
}

async function deleteProjectUser(ctx: SandboxContext) {
  requireAdminKey(ctx);
  const project = (await requireActiveProject(ctx.params[0])).id;
  const { user } = await requireMember(project, ctx.params[1]);
  const prisma = await db();
  await prisma.sandboxProjectUser.delete({ where: { project_userId: { project, userId: user.id } } });
  return { object: "organization.project.user.deleted", id: user.id, deleted: true };
}

const ID = "([^/]+)";
const P = `^/organization/projects/${ID}`;

export const routes: Route[] = [
  { method: "GET", pattern: /^\/organization\/users$/, handle: listOrgUsers },
  { method: "GET", pattern: new RegExp(`${P}/users$`), handle: listProjectUsers },
  { method: "POST", pattern: new RegExp(`${P}/users$`), handle: addProjectUser },
  { method: "GET", pattern: new RegExp(`${P}/users/${ID}$`), handle: retrieveProjectUser },
  { method: "POST", pattern: new RegExp(`${P}/users/${ID}$`), handle: modifyProjectUser },
  { method: "DELETE", pattern: new RegExp(`${P}/users/${ID}$`), handle: deleteProjectUser },
];
