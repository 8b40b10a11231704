import "server-only";
import { recordAudit } from "@/lib/audit/record";
import { issueSessionToken, type SessionUser } from "@/lib/auth/session";
import { passwordSignInEnabled } from "@/lib/auth/sso-config";
import { hashPassword, verifyPassword } from "@/lib/crypto/password";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/http/errors";
import type { RequestMeta } from "@/lib/http/handler";
import { endSessionsOf } from "@/lib/users/access";
import type { ChangePasswordInput } from "./schema";

export async function updateOwnName(user: SessionUser, name: string, meta: RequestMeta) {
  const prisma = await db();
  return prisma.$transaction(async (tx) => {
    const updated = await tx.user.update({ where: { id: user.id }, data: { name }, select: { id: true, name: true, email: true } });
    if (user.name !== name) {
      await recordAudit(
        {
          actorId: user.id,
          action: "account.name.update",
          targetType: "user",
          targetId: user.id,
          before: { name: user.name },
          after: { name },
          ...meta,
        },
        tx,
      );
    }
    return updated;
  });
}

/**
 * Changes the person's own password. Every other session of theirs ends; this one goes on with
 * the fresh session token returned here (the caller sets it as the cookie).
 */
export async function changeOwnPassword(user: SessionUser, input: ChangePasswordInput, meta: RequestMeta): Promise<string> {
  if (!passwordSignInEnabled()) throw new AppError("conflict", "Password sign-in is turned off on this Switchboard; you sign in by SSO");
  const prisma = await db();
  const row = await prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
  if (!row.passwordHash || !(await verifyPassword(input.currentPassword, row.passwordHash))) {
    throw new AppError("bad_request", "That is not your current password", "currentPassword");
  }
  const passwordHash = await hashPassword(input.newPassword);
  const fresh = await prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    await endSessionsOf(tx, user.id);
    await recordAudit({ actorId: user.id, action: "account.password.change", targetType: "user", targetId: user.id, ...meta }, tx);
    return tx.user.findUniqueOrThrow({ where: { id: user.id }, select: { id: true, sessionVersion: true } });
  });
  return issueSessionToken(fresh);
}
