import { describe, expect, test } from "vitest";
import { GET as health } from "@/app/api/health/route";
import { POST as setup, GET as setupStatus } from "@/app/api/setup/route";
import { verifyPassword } from "@/lib/crypto/password";
import { db } from "@/lib/db/client";
import { databaseKindUnderTest } from "./support/database";
import { call } from "./support/http";

const owner = { name: "Ada Owner", email: "Ada@Example.com", password: "a long passphrase 1", projectName: "Acme Search" };

describe("first-run setup", () => {
  test("health answers with the database kind", async () => {
    const res = await call(health);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: "ok", database: databaseKindUnderTest() });
    expect(typeof res.body.version).toBe("string");
  });

  test("bad input names the field and writes nothing", async () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ ...owner, name: "  " }, "name", /required/],
      [{ ...owner, name: "x".repeat(101) }, "name", /at most 100/],
      [{ ...owner, email: "not-an-email" }, "email", /valid email/],
      [{ ...owner, password: "short1" }, "password", /at least 12 characters/],
      [{ ...owner, password: "onlylettersherexx" }, "password", /digit or symbol/],
      [{ ...owner, projectName: "" }, "projectName", /required/],
    ];
    for (const [body, field, message] of cases) {
      const res = await call(setup, { body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.field).toBe(field);
      expect(res.body.error.message).toMatch(message);
    }
    const malformed = await call(setup, { rawBody: "{not json", headers: { "content-type": "application/json" } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toMatch(/valid JSON/);
    const prisma = await db();
    expect(await prisma.user.count()).toBe(0);
    expect((await call(setupStatus)).body).toEqual({ needed: true });
  });

  test("creates the owner and the first project once; a second setup is refused", async () => {
    const res = await call(setup, { body: owner });
    expect(res.status).toBe(201);
    expect(res.body.owner.email).toBe("ada@example.com");
    expect(res.body.project).toMatchObject({ name: "Acme Search", slug: "acme-search" });
    expect(JSON.stringify(res.body)).not.toContain("passwordHash");

    const prisma = await db();
    const stored = await prisma.user.findUniqueOrThrow({ where: { email: "ada@example.com" } });
    expect(stored.instanceRole).toBe("owner");
    expect(stored.passwordHash).not.toContain(owner.password);
    expect(await verifyPassword(owner.password, stored.passwordHash as string)).toBe(true);
    const audit = await prisma.auditLog.findMany({ orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["instance.setup", "project.create"]);
    expect(JSON.stringify(audit, (_k, v) => (typeof v === "bigint" ? String(v) : v))).not.toContain(owner.password);

    const again = await call(setup, { body: { ...owner, email: "mallory@example.com" } });
    expect(again.status).toBe(409);
    expect(await prisma.user.count()).toBe(1);
    expect((await call(setupStatus)).body).toEqual({ needed: false });
  });

  test("a cross-site POST is refused", async () => {
    const res = await call(setup, { body: owner, headers: { origin: "https://evil.example" } });
    expect(res.status).toBe(403);
  });
});
