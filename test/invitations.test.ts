import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DELETE as revokeInvitationRoute } from "@/app/api/admin/invitations/[invitationId]/route";
import { POST as inviteRoute, GET as listInvitationsRoute } from "@/app/api/admin/invitations/route";
import { POST as acceptRoute, GET as describeRoute } from "@/app/api/invitations/[token]/route";
import { GET as meRoute } from "@/app/api/me/route";
import { authenticate } from "@/lib/auth/authenticate";
import { db } from "@/lib/db/client";
import { makeProject, makeUser } from "./support/fixtures";
import { call } from "./support/http";

type User = Awaited<ReturnType<typeof makeUser>>;
const tokenOf = (path: string) => path.split("/").pop() as string;

let owner: User;
let admin: User;

beforeAll(async () => {
  owner = await makeUser("owner");
  admin = await makeUser("admin");
});

describe("invitations", () => {
  test("an invitation is a single-use link that creates the account with its role and projects", async () => {
    const kept = await makeProject("Kept", [{ userId: owner.id, role: "admin" }]);
    await makeProject("Other");
    const res = await call(inviteRoute, {
      as: admin,
      body: { email: "New.Person@Example.com", instanceRole: "member", projects: [{ projectId: kept.id, role: "viewer" }] },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.invitation).toMatchObject({ email: "new.person@example.com", instanceRole: "member" });
    expect(res.body.path).toMatch(/^\/invite\/[A-Za-z0-9_-]{43}$/);
    expect(res.body.url).toBe(`http://localhost:3000${res.body.path}`);
    expect(res.body.mail).toEqual({ sent: null });
    const token = tokenOf(res.body.path);

    // Only a hash is stored: the token appears nowhere in the database.
    const prisma = await db();
    const row = await prisma.invitation.findUniqueOrThrow({ where: { id: res.body.invitation.id } });
    expect(JSON.stringify(row)).not.toContain(token);

    const listed = await call(listInvitationsRoute, { as: admin });
    expect(listed.body.invitations.map((i: { email: string }) => i.email)).toContain("new.person@example.com");

    const described = await call(describeRoute, { params: { token } });
    expect(described.status).toBe(200);
    expect(described.body).toMatchObject({
      email: "new.person@example.com",
      projects: [{ name: "Kept", role: "viewer" }],
      passwordSignIn: true,
    });

    expect((await call(acceptRoute, { params: { token }, body: { name: "New Person" } })).body.error).toMatchObject({ field: "password" });
    expect((await call(acceptRoute, { params: { token }, body: { name: "New Person", password: "short" } })).body.error).toMatchObject({
      field: "password",
    });
    const accepted = await call(acceptRoute, { params: { token }, body: { name: "New Person", password: "a long passphrase 7" } });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);

    const again = await call(acceptRoute, { params: { token }, body: { name: "Someone Else", password: "a long passphrase 8" } });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/already accepted/);

    const user = await authenticate({ email: "new.person@example.com", password: "a long passphrase 7", ip: null, userAgent: null });
    const me = await call(meRoute, { as: user });
    expect(me.body.user).toMatchObject({ name: "New Person", instanceRole: "member" });
    expect(me.body.projects.map((p: { name: string; role: string }) => [p.name, p.role])).toEqual([["Kept", "viewer"]]);
    const actions = (
      await prisma.auditLog.findMany({ where: { OR: [{ targetId: row.id }, { targetId: user.id }] }, orderBy: { id: "asc" } })
    ).map((a) => a.action);
    expect(actions).toEqual(["invitation.create", "invitation.accept", "auth.sign_in"]);
  });

  test("expired, revoked, replaced and made-up links are refused with words to act on", async () => {
    const prisma = await db();
    const first = await call(inviteRoute, { as: owner, body: { email: "late@example.com" } });
    const second = await call(inviteRoute, { as: owner, body: { email: "late@example.com", expiresInDays: 2 } });
    expect((await call(describeRoute, { params: { token: tokenOf(first.body.path) } })).body.error.message).toMatch(/withdrawn/);
    await prisma.invitation.update({ where: { id: second.body.invitation.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await call(acceptRoute, {
      params: { token: tokenOf(second.body.path) },
      body: { name: "Late", password: "a long passphrase 1" },
    });
    expect(expired.status).toBe(409);
    expect(expired.body.error.message).toMatch(/expired/);
    expect(await prisma.user.findUnique({ where: { email: "late@example.com" } })).toBeNull();

    const third = await call(inviteRoute, { as: owner, body: { email: "revoked@example.com" } });
    expect(
      (await call(revokeInvitationRoute, { method: "DELETE", as: admin, params: { invitationId: third.body.invitation.id } })).status,
    ).toBe(204);
    expect(
      (await call(revokeInvitationRoute, { method: "DELETE", as: admin, params: { invitationId: third.body.invitation.id } })).status,
    ).toBe(404);
    expect((await call(describeRoute, { params: { token: tokenOf(third.body.path) } })).status).toBe(409);

    expect((await call(describeRoute, { params: { token: "x".repeat(43) } })).status).toBe(404);
    expect((await call(describeRoute, { params: { token: "not-a-token" } })).status).toBe(404);
  });

  test("guard rails: no role above one's own, no second account, only real projects, bad input named", async () => {
    const aboveOwn = await call(inviteRoute, { as: admin, body: { email: "boss@example.com", instanceRole: "owner" } });
    expect(aboveOwn.status).toBe(403);
    expect(aboveOwn.body.error.field).toBe("instanceRole");
    expect((await call(inviteRoute, { as: owner, body: { email: "boss@example.com", instanceRole: "owner" } })).status).toBe(201);
    const taken = await call(inviteRoute, { as: owner, body: { email: admin.email } });
    expect(taken.status).toBe(409);
    expect(taken.body.error.field).toBe("email");
    const ghost = await call(inviteRoute, {
      as: owner,
      body: { email: "g@example.com", projects: [{ projectId: "nope", role: "member" }] },
    });
    expect(ghost.body.error).toMatchObject({ field: "projects" });
    expect((await call(inviteRoute, { as: owner, body: { email: "not an email" } })).body.error.field).toBe("email");
    expect((await call(inviteRoute, { as: owner, body: { email: "x@example.com", expiresInDays: 90 } })).body.error.field).toBe(
      "expiresInDays",
    );
  });
});

describe("invitation email", () => {
  const received: { to: string; body: string }[] = [];
  let server: SMTPServer;

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      onData(stream, session, callback) {
        let body = "";
        stream.on("data", (chunk: Buffer) => {
          body += chunk.toString("utf8");
        });
        stream.on("end", () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address).join(","), body });
          callback();
        });
      },
      onRcptTo(address, _session, callback) {
        if (address.address.endsWith("@refused.example")) return callback(new Error("mailbox unavailable"));
        callback();
      },
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    process.env.SMTP_URL = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
    process.env.SMTP_FROM = "Switchboard <switchboard@example.com>";
  });

  afterAll(async () => {
    delete process.env.SMTP_URL;
    delete process.env.SMTP_FROM;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test("with SMTP configured, the link goes out by mail too, and the mailed link works", async () => {
    const res = await call(inviteRoute, { as: owner, body: { email: "mailed@example.com" } });
    expect(res.status).toBe(201);
    expect(res.body.mail).toEqual({ sent: true });
    const mail = received.find((m) => m.to === "mailed@example.com");
    expect(mail?.body).toContain("Subject: ");
    // Quoted-printable may wrap long lines; undo the soft breaks before looking for the link.
    const text = (mail?.body ?? "").replace(/=\r?\n/g, "");
    expect(text).toContain(res.body.url);
    const accepted = await call(acceptRoute, {
      params: { token: tokenOf(res.body.path) },
      body: { name: "Mailed", password: "a long passphrase 2" },
    });
    expect(accepted.status).toBe(201);
  });

  test("a refused recipient still leaves the invitation, with the reason for the admin", async () => {
    const res = await call(inviteRoute, { as: owner, body: { email: "nobody@refused.example" } });
    expect(res.status).toBe(201);
    expect(res.body.mail.sent).toBe(false);
    expect(res.body.mail.error).toMatch(/could not be sent.*mailbox unavailable/);
    expect(res.body.mail.error).not.toContain("smtp://");
    expect((await call(describeRoute, { params: { token: tokenOf(res.body.path) } })).status).toBe(200);
  });
});
