import { beforeAll, describe, expect, test } from "vitest";
import { GET as getMe } from "@/app/api/me/route";
import { PATCH as patchMember, DELETE as removeMember } from "@/app/api/projects/[projectId]/members/[userId]/route";
import { POST as addMember, GET as listMembers } from "@/app/api/projects/[projectId]/members/route";
import { GET as getProject, PATCH as patchProject } from "@/app/api/projects/[projectId]/route";
import { POST as createProject, GET as listProjects } from "@/app/api/projects/route";
import { db } from "@/lib/db/client";
import { makeProject, makeUser } from "./support/fixtures";
import { call } from "./support/http";

type User = Awaited<ReturnType<typeof makeUser>>;
let owner: User;
let member: User;

beforeAll(async () => {
  owner = await makeUser("owner");
  member = await makeUser("member");
});

describe("projects", () => {
  test("every route asks for a session", async () => {
    for (const handler of [getMe, listProjects]) expect((await call(handler)).status).toBe(401);
    expect((await call(createProject, { body: { name: "x" } })).status).toBe(401);
    expect((await call(getProject, { params: { projectId: "nope" } })).status).toBe(401);
  });

  test("an instance admin creates a project with a slug made from its name, and it is audited", async () => {
    const res = await call(createProject, { as: owner, body: { name: "Café Ops Bot" } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: "Café Ops Bot", slug: "cafe-ops-bot" });
    const second = await call(createProject, { as: owner, body: { name: "Café Ops Bot" } });
    expect(second.body.slug).toBe("cafe-ops-bot-2");
    const prisma = await db();
    const audit = await prisma.auditLog.findFirst({ where: { action: "project.create", targetId: res.body.id } });
    expect(audit?.actorId).toBe(owner.id);
    expect(await prisma.projectMember.findFirst({ where: { projectId: res.body.id, userId: owner.id } })).toMatchObject({ role: "admin" });
  });

  test("bad project input is a 400 naming the field; a taken slug is a 409", async () => {
    expect((await call(createProject, { as: owner, body: { name: "" } })).body.error).toMatchObject({ field: "name" });
    expect((await call(createProject, { as: owner, body: { name: "x".repeat(81) } })).body.error.message).toMatch(/at most 80/);
    expect((await call(createProject, { as: owner, body: { name: "Ok", slug: "Not A Slug" } })).body.error).toMatchObject({
      field: "slug",
    });
    expect((await call(createProject, { as: owner, body: {} })).status).toBe(400);
    await call(createProject, { as: owner, body: { name: "Taken", slug: "taken-slug" } });
    const dup = await call(createProject, { as: owner, body: { name: "Other", slug: "taken-slug" } });
    expect(dup.status).toBe(409);
    expect(dup.body.error.field).toBe("slug");
  });

  test("a member cannot create projects and sees only their own", async () => {
    expect((await call(createProject, { as: member, body: { name: "Mine" } })).status).toBe(403);
    const visible = await makeProject("Visible", [{ userId: member.id, role: "viewer" }]);
    await makeProject("Hidden");
    const res = await call(listProjects, { as: member });
    expect(res.body.projects.map((p: { id: string }) => p.id)).toEqual([visible.id]);
    expect(res.body.projects[0].role).toBe("viewer");
  });

  test("rename, archive (read-only, hidden), restore", async () => {
    const project = await makeProject("Before", [{ userId: member.id, role: "admin" }]);
    const params = { projectId: project.id };
    const renamed = await call(patchProject, { as: member, params, method: "PATCH", body: { name: "After" } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe("After");
    expect((await call(patchProject, { as: member, params, method: "PATCH", body: {} })).status).toBe(400);

    expect((await call(patchProject, { as: member, params, method: "PATCH", body: { archived: true } })).status).toBe(200);
    const frozen = await call(patchProject, { as: member, params, method: "PATCH", body: { name: "Again" } });
    expect(frozen.status).toBe(409);
    expect(frozen.body.error.message).toMatch(/archived/);
    expect((await call(listProjects, { as: member })).body.projects.map((p: { id: string }) => p.id)).not.toContain(project.id);
    expect((await call(getProject, { as: member, params })).status).toBe(200);
    expect((await call(patchProject, { as: member, params, method: "PATCH", body: { archived: false } })).status).toBe(200);

    const prisma = await db();
    const actions = (await prisma.auditLog.findMany({ where: { projectId: project.id }, orderBy: { id: "asc" } })).map((a) => a.action);
    expect(actions).toEqual(["project.update", "project.archive", "project.restore"]);
    const update = await prisma.auditLog.findFirstOrThrow({ where: { projectId: project.id, action: "project.update" } });
    expect(update.before).toMatchObject({ name: "Before" });
    expect(update.after).toMatchObject({ name: "After" });
  });
});

describe("project members", () => {
  test("add, change role, remove; a project keeps one admin", async () => {
    const project = await makeProject("Team", [{ userId: owner.id, role: "admin" }]);
    const params = { projectId: project.id };
    const newcomer = await makeUser("member");

    const unknown = await call(addMember, { as: owner, params, body: { email: "nobody@example.com", role: "member" } });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.field).toBe("email");
    expect((await call(addMember, { as: owner, params, body: { email: newcomer.email, role: "boss" } })).body.error.field).toBe("role");

    expect((await call(addMember, { as: owner, params, body: { email: newcomer.email.toUpperCase(), role: "viewer" } })).status).toBe(201);
    expect((await call(addMember, { as: owner, params, body: { email: newcomer.email, role: "viewer" } })).status).toBe(409);

    const memberParams = { ...params, userId: newcomer.id };
    expect((await call(patchMember, { as: owner, params: memberParams, method: "PATCH", body: { role: "member" } })).status).toBe(200);
    const list = await call(listMembers, { as: owner, params });
    expect(list.body.members.find((m: { id: string }) => m.id === newcomer.id).role).toBe("member");

    const lastAdmin = await call(patchMember, {
      as: owner,
      params: { ...params, userId: owner.id },
      method: "PATCH",
      body: { role: "viewer" },
    });
    expect(lastAdmin.status).toBe(409);
    expect(lastAdmin.body.error.message).toMatch(/at least one admin/);
    expect((await call(removeMember, { as: owner, params: { ...params, userId: owner.id }, method: "DELETE" })).status).toBe(409);

    expect((await call(removeMember, { as: owner, params: memberParams, method: "DELETE" })).status).toBe(204);
    expect((await call(removeMember, { as: owner, params: memberParams, method: "DELETE" })).status).toBe(404);
  });

  test("a removed member loses access at once", async () => {
    const project = await makeProject("Leaving", [
      { userId: owner.id, role: "admin" },
      { userId: member.id, role: "member" },
    ]);
    const params = { projectId: project.id };
    expect((await call(getProject, { as: member, params })).status).toBe(200);
    await call(removeMember, { as: owner, params: { ...params, userId: member.id }, method: "DELETE" });
    expect((await call(getProject, { as: member, params })).status).toBe(404);
  });
});
