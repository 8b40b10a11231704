import "server-only";
import { recordAudit } from "@/lib/audit/record";
import { type InstanceRole, instanceRoleAtLeast } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/http/errors";
import type { RequestMeta } from "@/lib/http/handler";
import type { UpdateUserInput } from "./schema";

type Tx = Prisma.TransactionClient;

const TARGET_SELECT = { id: true, email: true, name: true, instanceRole: true, status: true } as const;

export async function loadActionableUser(tx: Tx, actor: SessionUser, userId: string) {
  const target = await tx.user.findUnique({ where: { id: userId }, select: TARGET_SELECT });
  if (!target) throw new AppError("not_found", "No such person");
  // Nobody acts on a person above their own role (an admin cannot demote or lock out an owner).
  if (!instanceRoleAtLeast(actor.instanceRole, target.instanceRole)) {
    throw new AppError("forbidden", `Only an ${target.instanceRole} can change another ${target.instanceRole}`);
  }
  return target;
}

// The instance keeps at least one active owner. The owners' rows are locked first, so two owners
// demoting each other at the same moment cannot both succeed.
async function assertOwnerRemains(tx: Tx, userId: string): Promise<void> {
  await tx.$queryRaw`SELECT "id" FROM "User" WHERE "instanceRole" = 'owner' FOR UPDATE`;
  const others = await tx.user.count({ where: { instanceRole: "owner", status: "active", id: { not: userId } } });
  if (others === 0) throw new AppError("conflict", "This is the last owner; make someone else owner first");
}

/** Ends every session of the person: the session version moves, so each of their requests is refused. */
export async function endSessionsOf(tx: Tx, userId: string): Promise<void> {
  await tx.user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
}

/**
 * Everything a deactivated person held ends here, in the deactivation's transaction: their
 * sessions, and every credential of theirs that outlives a session (API keys they own belong here).
 */
export async function endAccessOf(tx: Tx, userId: string): Promise<void> {
  await endSessionsOf(tx, userId);
}

export async function changeInstanceRole(actor: SessionUser, userId: string, role: InstanceRole, meta: RequestMeta) {
  if (!instanceRoleAtLeast(actor.instanceRole, role)) {
    throw new AppError("forbidden", `You cannot grant the ${role} role, which is above your own`, "instanceRole");
  }
  const prisma = await db();
  return prisma.$transaction(async (tx) => {
    const target = await loadActionableUser(tx, actor, userId);
    if (target.instanceRole === role) return target;
    if (target.instanceRole === "owner") await assertOwnerRemains(tx, userId);
    const user = await tx.user.update({ where: { id: userId }, data: { instanceRole: role }, select: TARGET_SELECT });
    await recordAudit(
      {
        actorId: actor.id,
        action: "user.role.update",
        targetType: "user",
        targetId: userId,
        before: { instanceRole: target.instanceRole },
        after: { instanceRole: role },
        ...meta,
      },
      tx,
    );
    return user;
  });
}

/**
 * Deactivation: the person can no longer sign in, their live sessions end at once, and what they
 * did stays attributed to them (the account and its memberships are kept, for reactivation).
 */
export async function deactivateUser(actor: SessionUser, userId: string, meta: RequestMeta) {
  if (userId === actor.id) throw new AppError("conflict", "You cannot deactivate yourself; ask another admin");
  const prisma = await db();
  return prisma.$transaction(async (tx) => {
    const target = await loadActionableUser(tx, actor, userId);
    if (target.status === "deactivated") return target;
    if (target.instanceRole === "owner") await assertOwnerRemains(tx, userId);
    const user = await tx.user.update({ where: { id: userId }, data: { status: "deactivated" }, select: TARGET_SELECT });
    await endAccessOf(tx, userId);
    await recordAudit(
      {
        actorId: actor.id,
        action: "user.deactivate",
        targetType: "user",
        targetId: userId,
        before: { status: "active" },
        after: { status: "deactivated" },
        ...meta,
      },
      tx,
    );
    return user;
  });
}

export async function reactivateUser(actor: SessionUser, userId: string, meta: RequestMeta) {
  const prisma = await db();
  return prisma.$transaction(async (tx) => {
    const target = await loadActionableUser(tx, actor, userId);
    if (target.status === "active") return target;
    const user = await tx.user.update({ where: { id: userId }, data: { status: "active" }, select: TARGET_SELECT });
    await recordAudit(
      {
        actorId: actor.id,
        action: "user.reactivate",
        targetType: "user",
        targetId: userId,
        before: { status: "deactivated" },
        after: { status: "active" },
        ...meta,
      },
      tx,
    );
    return user;
  });
}

export function updateUser(actor: SessionUser, userId: string, input: UpdateUserInput, meta: RequestMeta) {
  if (input.instanceRole) return changeInstanceRole(actor, userId, input.instanceRole, meta);
  return input.status === "deactivated" ? deactivateUser(actor, userId, meta) : reactivateUser(actor, userId, meta);
}
