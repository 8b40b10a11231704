import { expect, test } from "vitest";
import { db } from "@/lib/db/client";

test("db opens and migrates", async () => {
  const prisma = await db();
  const u = await prisma.user.create({ data: { email: "a@b.c", name: "A" } });
  expect(u.id).toBeTruthy();
  expect(await prisma.user.count()).toBe(1);
});
