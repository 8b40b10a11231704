import { beforeAll, describe, expect, test } from "vitest";
import { GET as adminAudit } from "@/app/api/admin/audit/route";
import { GET as projectAudit } from "@/app/api/projects/[projectId]/audit/route";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { makeProject, makeUser } from "./support/fixtures";
import { makeKey } from "./support/gateway";
import { call } from "./support/http";

type User = Awaited<ReturnType<typeof makeUser>>;
let admin: User;
let alice: User;
let bob: User;
let projectId: string;

beforeAll(async () => {
  admin = await makeUser("admin", { name: "Admin Person" });
  alice = await makeUser("member", { email: "alice@audit.example", name: "Alice" });
  bob = await makeUser("member", { email: "bob@audit.example", name: "Bob" });
  projectId = (await makeProject("Audited", [{ userId: alice.id, role: "admin" }])).id;
  await recordAudit({
    actorId: alice.id,
    action: "project.update",
    targetType: "project",
    targetId: projectId,
    projectId,
    after: { name: "x" },
  });
  await recordAudit({
    actorId: alice.id,
    action: "project.member.add",
    targetType: "user",
    targetId: bob.id,
    projectId,
    after: { role: "viewer" },
  });
  await recordAudit({
    actorId: admin.id,
    action: "user.deactivate",
    targetType: "user",
    targetId: bob.id,
    ip: "198.51.100.4",
    userAgent: "curl/8",
  });
  await recordAudit({ actorId: null, action: "auth.sign_in_failed", targetType: "user", after: { email: '=HYPERLINK("x")' } });
});

const get = (as: User, query: string) => call(adminAudit, { as, path: `/api/admin/audit?${query}` });

describe("audit log", () => {
  test("filters by actor, action, target and date, newest first, with names for targets", async () => {
    const byActor = await get(admin, "actor=alice@audit");
    expect(byActor.body.entries.map((e: { action: string }) => e.action)).toEqual(["project.member.add", "project.update"]);
    const byAction = await get(admin, "action=user.");
    expect(byAction.body.entries.map((e: { action: string }) => e.action)).toEqual(["user.deactivate"]);
    expect(byAction.body.entries[0]).toMatchObject({ target: "bob@audit.example", ip: "198.51.100.4", userAgent: "curl/8" });
    const byTarget = await get(admin, "target=Bob");
    expect(byTarget.body.entries.map((e: { action: string }) => e.action)).toEqual(["user.deactivate", "project.member.add"]);
    const byProjectName = await get(admin, "target=Audited");
    expect(byProjectName.body.entries.map((e: { action: string }) => e.action)).toEqual(["project.update"]);
    expect((await get(admin, `from=${new Date(Date.now() + 60_000).toISOString()}`)).body.entries).toEqual([]);
    expect((await get(admin, `to=${new Date(Date.now() - 3_600_000).toISOString()}`)).body.entries).toEqual([]);
    expect((await get(admin, "from=yesterday")).body.error).toMatchObject({ field: "from" });
    expect(byActor.body.actions).toEqual(expect.arrayContaining(["auth.sign_in_failed", "project.update", "user.deactivate"]));
  });

  test("pages with a cursor", async () => {
    const first = await get(admin, "limit=2");
    expect(first.body.entries).toHaveLength(2);
    expect(first.body.next).toBe(first.body.entries[1].id);
    const second = await get(admin, `limit=2&before=${first.body.next}`);
    expect(BigInt(second.body.entries[0].id)).toBeLessThan(BigInt(first.body.next));
  });

  test("CSV export holds every matching entry, formulas defused", async () => {
    const res = await get(admin, "format=csv");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/csv/);
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="audit-log-\d{4}-\d{2}-\d{2}\.csv"/);
    const lines = (res.body as string).trim().split("\r\n");
    expect(lines[0]).toBe("id,time,actor_email,actor_name,action,target_type,target_id,target,project_id,ip,user_agent,before,after");
    expect(lines.length - 1).toBe(await (await db()).auditLog.count());
    expect(res.body).toContain('"{""email"":""=HYPERLINK(\\""x\\"")""}"');
    const filtered = await get(admin, "format=csv&action=project.");
    expect((filtered.body as string).trim().split("\r\n")).toHaveLength(3);
  });

  test("a project admin sees only their project's entries", async () => {
    const res = await call(projectAudit, { as: alice, params: { projectId }, path: `/api/projects/${projectId}/audit` });
    expect(res.body.entries.map((e: { action: string }) => e.action)).toEqual(["project.member.add", "project.update"]);
    const csv = await call(projectAudit, {
      as: alice,
      params: { projectId },
      path: `/api/projects/${projectId}/audit?format=csv&target=bob`,
    });
    expect((csv.body as string).trim().split("\r\n")).toHaveLength(2);
  });

  test("is append-only: the database refuses to change or delete a row", async () => {
    const prisma = await db();
    const row = await prisma.auditLog.findFirstOrThrow({ where: { action: "user.deactivate" } });
    await expect(prisma.auditLog.update({ where: { id: row.id }, data: { action: "nothing.happened" } })).rejects.toThrow(/append-only/);
    await expect(prisma.auditLog.delete({ where: { id: row.id } })).rejects.toThrow(/append-only/);
    await expect(prisma.auditLog.deleteMany({})).rejects.toThrow(/append-only/);
    await expect(prisma.auditLog.update({ where: { id: row.id }, data: { actorId: bob.id } })).rejects.toThrow(/append-only/);
    expect((await prisma.auditLog.findUniqueOrThrow({ where: { id: row.id } })).action).toBe("user.deactivate");
  });

  test("no code path updates or deletes audit rows", async () => {
    const fs = await import("node:fs");
    const path = await import("node:path");
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (entry.name !== "generated") walk(full);
        } else if (/\.tsx?$/.test(entry.name) && /auditLog\.(update|upsert|delete)/.test(fs.readFileSync(full, "utf8")))
          offenders.push(full);
      }
    };
    for (const root of ["app", "lib", "scripts"]) walk(path.resolve(root));
    expect(offenders).toEqual([]);
  });

  test("an API key's entries name the key, and a search for its name finds them", async () => {
    const made = await makeKey(projectId, { name: "Nightly export" });
    const found = await get(admin, "target=nightly export");
    expect(found.body.entries.map((e: { action: string }) => e.action)).toEqual(["project.api_key.create"]);
    expect(found.body.entries[0]).toMatchObject({
      targetType: "api_key",
      targetId: made.key.id,
      target: `Nightly export (sk-sb-…${made.secret.slice(-4)})`,
    });
  });
});
