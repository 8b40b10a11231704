import "server-only";
import { recordAudit } from "@/lib/audit/record";
import { hashLinkToken, isLinkToken, newLinkToken } from "@/lib/auth/link-token";
import type { SessionUser } from "@/lib/auth/session";
import { publicUrl } from "@/lib/config/public-url";
import { hashPassword } from "@/lib/crypto/password";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/http/errors";
import type { RequestMeta } from "@/lib/http/handler";
import { sendMail } from "@/lib/mail/mailer";
import { endSessionsOf, loadActionableUser } from "./access";

const RESET_LINK_HOURS = 24;

/** An admin issues a single-use link with which the person sets a new password (shown once). */
export async function issuePasswordReset(actor: SessionUser, userId: string, meta: RequestMeta) {
  const { token, hash } = newLinkToken();
  const prisma = await db();
  const { user, expiresAt } = await prisma.$transaction(async (tx) => {
    const user = await loadActionableUser(tx, actor, userId);
    if (user.status !== "active") throw new AppError("conflict", "Reactivate this person before resetting their password");
    // A new link replaces any earlier one that is still unused.
    await tx.passwordReset.updateMany({ where: { userId, usedAt: null }, data: { usedAt: new Date() } });
    const expiresAt = new Date(Date.now() + RESET_LINK_HOURS * 3_600_000);
    const reset = await tx.passwordReset.create({
      data: { tokenHash: hash, userId, issuedById: actor.id, expiresAt },
      select: { id: true },
    });
    await recordAudit(
      {
        actorId: actor.id,
        action: "user.password_reset.issue",
        targetType: "user",
        targetId: userId,
        after: { resetId: reset.id, expiresAt: expiresAt.toISOString() },
        ...meta,
      },
      tx,
    );
    return { user, expiresAt };
  });
  const path = `/reset-password/${token}`;
  const url = new URL(path, publicUrl()).toString();
  const mail = await sendMail({
    to: user.email,
    subject: "Set a new Switchboard password",
    text: [
      `${actor.name} issued a link for you to set a new password for Switchboard.`,
      "",
      `Set your password: ${url}`,
      "",
      `The link works once and expires on ${expiresAt.toUTCString()}.`,
    ].join("\n"),
  });
  return { path, url, expiresAt, mail };
}

async function findUsableReset(token: string) {
  if (!isLinkToken(token)) throw new AppError("not_found", "This password reset link is not valid");
  const prisma = await db();
  const reset = await prisma.passwordReset.findUnique({
    where: { tokenHash: hashLinkToken(token) },
    select: { id: true, usedAt: true, expiresAt: true, user: { select: { id: true, email: true, status: true } } },
  });
  if (reset?.user.status !== "active") throw new AppError("not_found", "This password reset link is not valid");
  if (reset.usedAt) throw new AppError("conflict", "This link was already used or replaced by a newer one; ask an admin for a new one");
  if (reset.expiresAt.getTime() <= Date.now()) throw new AppError("conflict", "This link has expired; ask an admin for a new one");
  return reset;
}

export async function describePasswordReset(token: string) {
  const reset = await findUsableReset(token);
  return { email: reset.user.email, expiresAt: reset.expiresAt };
}

/** Sets the new password, uses the link up and ends every session the person had. */
export async function completePasswordReset(token: string, password: string, meta: RequestMeta) {
  const reset = await findUsableReset(token);
  const passwordHash = await hashPassword(password);
  const prisma = await db();
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.passwordReset.updateMany({
      where: { id: reset.id, usedAt: null, expiresAt: { gt: new Date() } },
      data: { usedAt: new Date() },
    });
    if (count === 0) throw new AppError("conflict", "This link was already used; ask an admin for a new one");
    await tx.user.update({ where: { id: reset.user.id }, data: { passwordHash } });
    await endSessionsOf(tx, reset.user.id);
    await recordAudit(
      {
        actorId: reset.user.id,
        action: "user.password_reset.complete",
        targetType: "user",
        targetId: reset.user.id,
        after: { resetId: reset.id },
        ...meta,
      },
      tx,
    );
  });
  return { email: reset.user.email };
}
