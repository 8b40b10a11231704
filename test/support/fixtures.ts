import type { InstanceRole, ProjectRole } from "@/lib/auth/permissions";
import { hashPassword } from "@/lib/crypto/password";
import { db } from "@/lib/db/client";

let counter = 0;
let cachedHash: Promise<string> | undefined;
export const FIXTURE_PASSWORD = "correct horse battery 9";

export async function makeUser(instanceRole: InstanceRole = "member", overrides: { email?: string; name?: string } = {}) {
  const prisma = await db();
  counter++;
  cachedHash ??= hashPassword(FIXTURE_PASSWORD);
  return prisma.user.create({
    data: {
      email: overrides.email ?? `user${counter}-${Date.now()}@example.com`,
      name: overrides.name ?? `User ${counter}`,
      passwordHash: await cachedHash,
      instanceRole,
    },
  });
}

export async function makeProject(name = `Project ${++counter}`, members: { userId: string; role: ProjectRole }[] = []) {
  const prisma = await db();
  return prisma.project.create({
    data: { name, slug: `p-${counter}-${Date.now().toString(36)}`, members: { create: members } },
  });
}
