import { encode } from "next-auth/jwt";
import { describe, expect, test } from "vitest";
import { GET as getMe } from "@/app/api/me/route";
import { authenticate, INVALID_CREDENTIALS } from "@/lib/auth/authenticate";
import { sessionCookieName, userFromSessionToken } from "@/lib/auth/session";
import { hashPassword, verifyPassword } from "@/lib/crypto/password";
import { serverSecret } from "@/lib/crypto/server-secret";
import { db } from "@/lib/db/client";
import { FIXTURE_PASSWORD, makeUser } from "./support/fixtures";
import { call, sessionCookieFor } from "./support/http";

const attempt = (email: string, password: string, ip = "203.0.113.7") => authenticate({ email, password, ip, userAgent: "vitest" });

describe("passwords", () => {
  test("are salted scrypt hashes that verify only the right password", async () => {
    const a = await hashPassword("a long passphrase 1");
    const b = await hashPassword("a long passphrase 1");
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain("passphrase");
    expect(await verifyPassword("a long passphrase 1", a)).toBe(true);
    expect(await verifyPassword("a long passphrase 2", a)).toBe(false);
    expect(await verifyPassword("anything", "garbage")).toBe(false);
  });
});

describe("sign-in", () => {
  test("right credentials pass; a wrong password and an unknown email get the same message", async () => {
    const user = await makeUser("member", { email: "grace@example.com" });
    expect((await attempt("  Grace@Example.com ", FIXTURE_PASSWORD)).id).toBe(user.id);
    await expect(attempt("grace@example.com", "wrong password 1")).rejects.toThrow(INVALID_CREDENTIALS);
    await expect(attempt("nobody@example.com", "wrong password 1")).rejects.toThrow(INVALID_CREDENTIALS);
    const prisma = await db();
    const failed = await prisma.auditLog.findMany({ where: { action: "auth.sign_in_failed" } });
    expect(failed).toHaveLength(2);
    expect(JSON.stringify(failed.map((f) => f.after))).not.toContain("wrong password");
  });

  test("a deactivated person cannot sign in", async () => {
    const user = await makeUser("member");
    const prisma = await db();
    await prisma.user.update({ where: { id: user.id }, data: { status: "deactivated" } });
    await expect(attempt(user.email, FIXTURE_PASSWORD)).rejects.toThrow(INVALID_CREDENTIALS);
  });

  test("repeated failures are slowed down, even with the right password, and per address too", async () => {
    const user = await makeUser("member");
    for (let i = 0; i < 5; i++) await expect(attempt(user.email, "wrong password 1", "198.51.100.1")).rejects.toThrow(INVALID_CREDENTIALS);
    // The sixth failure is still a plain wrong password, and starts a block.
    await expect(attempt(user.email, "wrong password 1", "198.51.100.1")).rejects.toThrow(INVALID_CREDENTIALS);
    await expect(attempt(user.email, FIXTURE_PASSWORD, "198.51.100.2")).rejects.toThrow(
      /Too many failed sign-ins. Try again in \d+ seconds/,
    );

    const prisma = await db();
    const row = await prisma.signInThrottle.findUniqueOrThrow({ where: { key: `email:${user.email}` } });
    expect(row.failures).toBe(6);
    const wait = ((row.blockedUntil as Date).getTime() - Date.now()) / 1000;
    expect(wait).toBeGreaterThan(10);
    expect(wait).toBeLessThanOrEqual(15);

    // Once the block has passed, the right password works and clears the count.
    await prisma.signInThrottle.updateMany({ data: { blockedUntil: new Date(Date.now() - 1000) } });
    expect((await attempt(user.email, FIXTURE_PASSWORD, "198.51.100.3")).id).toBe(user.id);
    expect(await prisma.signInThrottle.findUnique({ where: { key: `email:${user.email}` } })).toBeNull();
  });

  test("concurrent failures are all counted", async () => {
    const user = await makeUser("member");
    await Promise.allSettled(Array.from({ length: 4 }, () => attempt(user.email, "wrong password 1", "192.0.2.9")));
    const prisma = await db();
    expect((await prisma.signInThrottle.findUniqueOrThrow({ where: { key: `email:${user.email}` } })).failures).toBe(4);
  });
});

describe("sessions", () => {
  test("a valid session cookie identifies the person; no cookie is a 401", async () => {
    const user = await makeUser("member");
    const token = await sessionCookieFor(user.id);
    const res = await call(getMe, { headers: { cookie: `${sessionCookieName()}=${token}` } });
    expect(res.status).toBe(200);
    expect(res.body.user).toEqual({ id: user.id, email: user.email, name: user.name, instanceRole: "member" });
    expect((await call(getMe)).status).toBe(401);
  });

  test("end at once when the person is deactivated or their session version moves", async () => {
    const user = await makeUser("member");
    const token = await sessionCookieFor(user.id);
    expect(await userFromSessionToken(token)).not.toBeNull();
    const prisma = await db();
    await prisma.user.update({ where: { id: user.id }, data: { sessionVersion: { increment: 1 } } });
    expect(await userFromSessionToken(token)).toBeNull();
    const fresh = await sessionCookieFor(user.id);
    await prisma.user.update({ where: { id: user.id }, data: { status: "deactivated" } });
    expect(await userFromSessionToken(fresh)).toBeNull();
  });

  test("expired, forged and garbage tokens are refused", async () => {
    const user = await makeUser("member");
    const expired = await encode({ token: { sub: user.id, sv: 0 }, secret: serverSecret(), maxAge: -60 });
    expect(await userFromSessionToken(expired)).toBeNull();
    const forged = await encode({ token: { sub: user.id, sv: 0 }, secret: "another secret that is long enough to use", maxAge: 3600 });
    expect(await userFromSessionToken(forged)).toBeNull();
    expect(await userFromSessionToken("not-a-token")).toBeNull();
    expect(await userFromSessionToken("' OR '1'='1")).toBeNull();
  });
});
