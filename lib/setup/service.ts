import "server-only";
import { recordAudit } from "@/lib/audit/record";
import { hashPassword } from "@/lib/crypto/password";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/http/errors";
import type { RequestMeta } from "@/lib/http/handler";
import { connectProjectToSandbox } from "@/lib/upstream/connections";
import { slugify } from "@/lib/validation/common";
import type { SetupInput } from "./schema";

// Once true it stays true, so pages stop asking the database after the first answer.
let setupDone = false;

export async function isSetupComplete(): Promise<boolean> {
  if (setupDone) return true;
  const prisma = await db();
  setupDone = (await prisma.instance.count()) > 0;
  return setupDone;
}

/**
 * Creates the owner and the first project. The Instance row's fixed primary key makes this
 * succeed once: a second call, even a concurrent one on another replica, fails on that key and
 * its whole transaction (owner, project) rolls back.
 */
export async function completeSetup(input: SetupInput, meta: RequestMeta) {
  if (await isSetupComplete()) throw new AppError("conflict", "Setup is already complete; sign in instead");
  const passwordHash = await hashPassword(input.password);
  const prisma = await db();
  try {
    const result = await prisma.$transaction(async (tx) => {
      await tx.instance.create({ data: { id: "default" } });
      const owner = await tx.user.create({
        data: { email: input.email, name: input.name, passwordHash, instanceRole: "owner" },
        select: { id: true, email: true, name: true },
      });
      const project = await tx.project.create({
        data: { name: input.projectName, slug: slugify(input.projectName), members: { create: { userId: owner.id, role: "admin" } } },
        select: { id: true, slug: true, name: true },
      });
      await connectProjectToSandbox(project.id, tx);
      await recordAudit(
        {
          actorId: owner.id,
          action: "instance.setup",
          targetType: "instance",
          after: { owner: owner.email, project: project.name },
          ...meta,
        },
        tx,
      );
      await recordAudit(
        {
          actorId: owner.id,
          action: "project.create",
          targetType: "project",
          targetId: project.id,
          projectId: project.id,
          after: project,
          ...meta,
        },
        tx,
      );
      return { owner, project };
    });
    setupDone = true;
    return result;
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") {
      throw new AppError("conflict", "Setup is already complete; sign in instead");
    }
    throw error;
  }
}

/** Test hook: forget the cached answer when a test swaps databases. */
export function resetSetupCache(): void {
  setupDone = false;
}
