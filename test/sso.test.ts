import { afterEach, beforeAll, describe, expect, test } from "vitest";
import { POST as inviteRoute } from "@/app/api/admin/invitations/route";
import { POST as acceptInvitation, GET as describeInvitation } from "@/app/api/invitations/[token]/route";
import { authOptions } from "@/lib/auth/options";
import { signInWithSso } from "@/lib/auth/sso";
import { passwordSignInEnabled, type SsoConfig, ssoConfig } from "@/lib/auth/sso-config";
import { db } from "@/lib/db/client";
import { makeProject, makeUser } from "./support/fixtures";
import { call } from "./support/http";

// The whole browser journey against a real OpenID provider is in e2e/single-sign-on.spec.ts; this
// is the decision itself and the configuration that drives it.
const config: SsoConfig = {
  issuer: "http://127.0.0.1:1",
  clientId: "switchboard",
  clientSecret: "s",
  displayName: "Test IdP",
  allowedDomains: ["allowed.example"],
  defaultRole: "member",
};
const meta = { ip: "192.0.2.1", userAgent: "vitest" };
const ENV = ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "OIDC_ALLOWED_DOMAINS", "OIDC_DEFAULT_ROLE", "PASSWORD_SIGN_IN"];

// Opening the database (migrations included) belongs to set-up, not to the first test's time.
beforeAll(async () => {
  await db();
});

afterEach(() => {
  for (const name of ENV) delete process.env[name];
});

describe("single sign-on decisions", () => {
  test("a new person from an allowed domain gets an account with the default role, and it is audited", async () => {
    const outcome = await signInWithSso({ ...config, defaultRole: "admin" }, { sub: "1", email: "Sam@Allowed.example", name: "Sam" }, meta);
    expect(outcome.ok).toBe(true);
    const prisma = await db();
    const user = await prisma.user.findUniqueOrThrow({ where: { email: "sam@allowed.example" } });
    expect(user).toMatchObject({ name: "Sam", instanceRole: "admin", passwordHash: null });
    const actions = (await prisma.auditLog.findMany({ where: { targetId: user.id }, orderBy: { id: "asc" } })).map((a) => [a.action, a.ip]);
    expect(actions).toEqual([
      ["user.create", "192.0.2.1"],
      ["auth.sign_in", "192.0.2.1"],
    ]);
    // The second time, the same account signs in.
    const again = await signInWithSso(config, { sub: "1", email: "sam@allowed.example" }, meta);
    expect(again.ok && again.user.id).toBe(user.id);
  });

  test("another domain, an unverified email and a deactivated account are refused, each audited", async () => {
    expect(await signInWithSso(config, { sub: "2", email: "eve@elsewhere.example" }, meta)).toEqual({ ok: false, reason: "sso_domain" });
    expect(await signInWithSso(config, { sub: "3", email: "x@allowed.example", emailVerified: false }, meta)).toEqual({
      ok: false,
      reason: "sso_no_email",
    });
    expect(await signInWithSso(config, { sub: "3" }, meta)).toEqual({ ok: false, reason: "sso_no_email" });
    const gone = await makeUser("member", { email: "gone@allowed.example" });
    await (await db()).user.update({ where: { id: gone.id }, data: { status: "deactivated" } });
    expect(await signInWithSso(config, { sub: "4", email: "gone@allowed.example" }, meta)).toEqual({
      ok: false,
      reason: "sso_deactivated",
    });
    const prisma = await db();
    expect(await prisma.user.findUnique({ where: { email: "eve@elsewhere.example" } })).toBeNull();
    const failed = await prisma.auditLog.findMany({ where: { action: "auth.sign_in_failed" }, orderBy: { id: "asc" } });
    expect(failed.map((f) => (f.after as { reason: string }).reason)).toEqual([
      "sso_domain",
      "sso_no_email",
      "sso_no_email",
      "sso_deactivated",
    ]);
  });

  test("a pending invitation to that address gives its role and projects instead of the default", async () => {
    const owner = await makeUser("owner");
    const project = await makeProject("Invited into", [{ userId: owner.id, role: "admin" }]);
    const invited = await call(inviteRoute, {
      as: owner,
      body: { email: "ivy@allowed.example", instanceRole: "admin", projects: [{ projectId: project.id, role: "member" }] },
    });
    const outcome = await signInWithSso(config, { sub: "5", email: "ivy@allowed.example", name: "Ivy" }, meta);
    expect(outcome.ok).toBe(true);
    const prisma = await db();
    const user = await prisma.user.findUniqueOrThrow({ where: { email: "ivy@allowed.example" }, include: { memberships: true } });
    expect(user.instanceRole).toBe("admin");
    expect(user.memberships.map((m) => [m.projectId, m.role])).toEqual([[project.id, "member"]]);
    // The invitation is used up.
    const token = invited.body.path.split("/").pop();
    expect((await call(describeInvitation, { params: { token } })).status).toBe(409);
  });
});

describe("configuration", () => {
  test("no issuer: password sign-in only", () => {
    expect(ssoConfig()).toBeNull();
    expect(authOptions().providers.map((p) => p.id)).toEqual(["credentials"]);
  });

  test("an issuer adds the OIDC provider; domains and role are read; password sign-in can be turned off", () => {
    process.env.OIDC_ISSUER = "https://login.example.com/realms/team/";
    process.env.OIDC_CLIENT_ID = "switchboard";
    process.env.OIDC_ALLOWED_DOMAINS = " Example.com, @example.org ";
    expect(ssoConfig()).toMatchObject({
      issuer: "https://login.example.com/realms/team",
      allowedDomains: ["example.com", "example.org"],
      defaultRole: "member",
    });
    const provider = authOptions().providers.find((p) => p.id === "oidc") as unknown as { wellKnown: string };
    expect(provider.wellKnown).toBe("https://login.example.com/realms/team/.well-known/openid-configuration");
    expect(authOptions().providers.map((p) => p.id)).toEqual(["credentials", "oidc"]);
    process.env.PASSWORD_SIGN_IN = "false";
    expect(passwordSignInEnabled()).toBe(false);
    expect(authOptions().providers.map((p) => p.id)).toEqual(["oidc"]);
    process.env.OIDC_DEFAULT_ROLE = "owner";
    expect(() => ssoConfig()).toThrow(/member or admin/);
  });

  test("with password sign-in off, an invitation asks for a name only and sets no password", async () => {
    process.env.OIDC_ISSUER = "https://login.example.com";
    process.env.OIDC_CLIENT_ID = "switchboard";
    process.env.PASSWORD_SIGN_IN = "false";
    const owner = await makeUser("owner");
    const invited = await call(inviteRoute, { as: owner, body: { email: "sso-only@allowed.example" } });
    const token = invited.body.path.split("/").pop();
    expect((await call(describeInvitation, { params: { token } })).body.passwordSignIn).toBe(false);
    expect((await call(acceptInvitation, { params: { token }, body: { name: "Only SSO" } })).status).toBe(201);
    const user = await (await db()).user.findUniqueOrThrow({ where: { email: "sso-only@allowed.example" } });
    expect(user.passwordHash).toBeNull();
  });

  test("password sign-in cannot be turned off without SSO (nobody could sign in)", () => {
    process.env.PASSWORD_SIGN_IN = "false";
    expect(passwordSignInEnabled()).toBe(true);
  });
});
