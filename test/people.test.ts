import { beforeAll, describe, expect, test } from "vitest";
import { POST as resetRoute } from "@/app/api/admin/users/[userId]/password-reset/route";
import { PATCH as patchUser } from "@/app/api/admin/users/[userId]/route";
import { POST as changePassword } from "@/app/api/me/password/route";
import { GET as meRoute, PATCH as patchMe } from "@/app/api/me/route";
import { POST as completeReset, GET as describeReset } from "@/app/api/password-reset/[token]/route";
import { authenticate } from "@/lib/auth/authenticate";
import { sessionCookieName } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { FIXTURE_PASSWORD, makeProject, makeUser } from "./support/fixtures";
import { call, sessionCookieFor } from "./support/http";

type User = Awaited<ReturnType<typeof makeUser>>;
let owner: User;
let admin: User;

beforeAll(async () => {
  owner = await makeUser("owner");
  admin = await makeUser("admin");
});

/** Calls /api/me with a cookie taken earlier: what a browser that kept its session would send. */
const meWithCookie = (cookie: string) => call(meRoute, { headers: { cookie: `${sessionCookieName()}=${cookie}` } });

describe("instance roles", () => {
  test("an admin promotes a member to admin, and the change is audited with before and after", async () => {
    const person = await makeUser("member");
    const res = await call(patchUser, { method: "PATCH", as: admin, params: { userId: person.id }, body: { instanceRole: "admin" } });
    expect(res.status).toBe(200);
    expect(res.body.instanceRole).toBe("admin");
    const entry = await (await db()).auditLog.findFirstOrThrow({ where: { action: "user.role.update", targetId: person.id } });
    expect(entry).toMatchObject({ actorId: admin.id, before: { instanceRole: "member" }, after: { instanceRole: "admin" } });
  });

  test("nobody grants a role above their own or acts on someone above them", async () => {
    const person = await makeUser("member");
    const grant = await call(patchUser, { method: "PATCH", as: admin, params: { userId: person.id }, body: { instanceRole: "owner" } });
    expect(grant.status).toBe(403);
    expect(grant.body.error.message).toMatch(/above your own/);
    const otherOwner = await makeUser("owner");
    expect(
      (await call(patchUser, { method: "PATCH", as: admin, params: { userId: otherOwner.id }, body: { instanceRole: "member" } })).status,
    ).toBe(403);
    expect(
      (await call(patchUser, { method: "PATCH", as: admin, params: { userId: otherOwner.id }, body: { status: "deactivated" } })).status,
    ).toBe(403);
    // An owner may do both.
    expect(
      (await call(patchUser, { method: "PATCH", as: owner, params: { userId: otherOwner.id }, body: { instanceRole: "admin" } })).status,
    ).toBe(200);
  });

  test("the last owner cannot be demoted or deactivated", async () => {
    const prisma = await db();
    // Leave `owner` as the only active owner of this test file's database.
    await prisma.user.updateMany({ where: { instanceRole: "owner", id: { not: owner.id } }, data: { instanceRole: "admin" } });
    const demote = await call(patchUser, { method: "PATCH", as: owner, params: { userId: owner.id }, body: { instanceRole: "admin" } });
    expect(demote.status).toBe(409);
    expect(demote.body.error.message).toMatch(/last owner/);
    const second = await makeUser("owner");
    const lockout = await call(patchUser, { method: "PATCH", as: second, params: { userId: owner.id }, body: { status: "deactivated" } });
    expect(lockout.status).toBe(200);
    const back = await call(patchUser, { method: "PATCH", as: second, params: { userId: owner.id }, body: { status: "active" } });
    expect(back.status).toBe(200);
    // With two owners, one may step down; then the other is the last again.
    expect(
      (await call(patchUser, { method: "PATCH", as: second, params: { userId: second.id }, body: { instanceRole: "admin" } })).status,
    ).toBe(200);
    expect(
      (await call(patchUser, { method: "PATCH", as: admin, params: { userId: owner.id }, body: { instanceRole: "member" } })).status,
    ).toBe(403);
  });

  test("bad input is a 400 naming the problem", async () => {
    const person = await makeUser("member");
    expect(
      (await call(patchUser, { method: "PATCH", as: admin, params: { userId: person.id }, body: { instanceRole: "king" } })).body.error
        .field,
    ).toBe("instanceRole");
    expect((await call(patchUser, { method: "PATCH", as: admin, params: { userId: person.id }, body: {} })).status).toBe(400);
    expect(
      (await call(patchUser, { method: "PATCH", as: admin, params: { userId: "nope" }, body: { instanceRole: "member" } })).status,
    ).toBe(404);
  });
});

describe("deactivation", () => {
  test("ends the person's live sessions at once, refuses sign-in, keeps their history", async () => {
    const person = await makeUser("member");
    const project = await makeProject("Kept history", [{ userId: person.id, role: "member" }]);
    const cookie = await sessionCookieFor(person.id);
    expect((await meWithCookie(cookie)).status).toBe(200);

    const res = await call(patchUser, { method: "PATCH", as: admin, params: { userId: person.id }, body: { status: "deactivated" } });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("deactivated");
    expect((await meWithCookie(cookie)).status).toBe(401);
    await expect(authenticate({ email: person.email, password: FIXTURE_PASSWORD, ip: null, userAgent: null })).rejects.toThrow();

    const prisma = await db();
    expect(await prisma.projectMember.findFirst({ where: { userId: person.id, projectId: project.id } })).not.toBeNull();
    expect(await prisma.auditLog.findFirst({ where: { action: "user.deactivate", targetId: person.id } })).toMatchObject({
      actorId: admin.id,
    });

    // Reactivated, they sign in again; the old cookie stays dead.
    await call(patchUser, { method: "PATCH", as: admin, params: { userId: person.id }, body: { status: "active" } });
    expect((await meWithCookie(cookie)).status).toBe(401);
    expect((await authenticate({ email: person.email, password: FIXTURE_PASSWORD, ip: null, userAgent: null })).id).toBe(person.id);
  });

  test("nobody deactivates themselves", async () => {
    const res = await call(patchUser, { method: "PATCH", as: admin, params: { userId: admin.id }, body: { status: "deactivated" } });
    expect(res.status).toBe(409);
  });
});

describe("password reset by an admin-issued link", () => {
  test("the link sets a new password once and ends the person's sessions", async () => {
    const person = await makeUser("member");
    const cookie = await sessionCookieFor(person.id);
    const issued = await call(resetRoute, { method: "POST", as: admin, params: { userId: person.id } });
    expect(issued.status).toBe(201);
    expect(issued.body.path).toMatch(/^\/reset-password\//);
    const token = issued.body.path.split("/").pop();

    expect((await call(describeReset, { params: { token } })).body).toMatchObject({ email: person.email });
    expect((await call(completeReset, { params: { token }, body: { password: "short" } })).body.error.field).toBe("password");
    const done = await call(completeReset, { params: { token }, body: { password: "brand new passphrase 3" } });
    expect(done.status).toBe(200);
    expect((await meWithCookie(cookie)).status).toBe(401);
    expect((await authenticate({ email: person.email, password: "brand new passphrase 3", ip: null, userAgent: null })).id).toBe(person.id);
    expect((await call(completeReset, { params: { token }, body: { password: "another passphrase 4" } })).status).toBe(409);
  });

  test("a newer link replaces the older; members cannot issue links; an owner's link needs an owner", async () => {
    const person = await makeUser("member");
    const first = await call(resetRoute, { method: "POST", as: admin, params: { userId: person.id } });
    await call(resetRoute, { method: "POST", as: admin, params: { userId: person.id } });
    expect((await call(describeReset, { params: { token: first.body.path.split("/").pop() } })).status).toBe(409);
    expect((await call(resetRoute, { method: "POST", as: person, params: { userId: admin.id } })).status).toBe(403);
    const anOwner = await makeUser("owner");
    expect((await call(resetRoute, { method: "POST", as: admin, params: { userId: anOwner.id } })).status).toBe(403);
  });
});

describe("one's own account", () => {
  test("a person changes their name", async () => {
    const person = await makeUser("member");
    expect((await call(patchMe, { method: "PATCH", as: person, body: { name: " " } })).body.error.field).toBe("name");
    const res = await call(patchMe, { method: "PATCH", as: person, body: { name: "Renamed Person" } });
    expect(res.status).toBe(200);
    expect((await call(meRoute, { as: person })).body.user.name).toBe("Renamed Person");
  });

  test("a password change needs the current password, ends other sessions and keeps this one", async () => {
    const person = await makeUser("member");
    const other = await sessionCookieFor(person.id);
    const wrong = await call(changePassword, {
      as: person,
      body: { currentPassword: "not it at all 1", newPassword: "my new passphrase 5" },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.field).toBe("currentPassword");
    const weak = await call(changePassword, { as: person, body: { currentPassword: FIXTURE_PASSWORD, newPassword: "weak" } });
    expect(weak.body.error.field).toBe("newPassword");

    const res = await call(changePassword, { as: person, body: { currentPassword: FIXTURE_PASSWORD, newPassword: "my new passphrase 5" } });
    expect(res.status).toBe(204);
    const fresh = /=([^;]+);/.exec(res.headers.get("set-cookie") ?? "")?.[1] ?? "";
    expect(res.headers.get("set-cookie")).toMatch(/HttpOnly; SameSite=Lax/);
    expect((await meWithCookie(fresh)).status).toBe(200);
    expect((await meWithCookie(other)).status).toBe(401);
    expect((await authenticate({ email: person.email, password: "my new passphrase 5", ip: null, userAgent: null })).id).toBe(person.id);
    const entry = await (await db()).auditLog.findFirstOrThrow({ where: { action: "account.password.change", targetId: person.id } });
    expect(JSON.stringify({ ...entry, id: String(entry.id) })).not.toContain("passphrase");
  });
});
