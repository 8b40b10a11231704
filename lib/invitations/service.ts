import "server-only";
import { recordAudit } from "@/lib/audit/record";
import { hashLinkToken, isLinkToken, newLinkToken } from "@/lib/auth/link-token";
import { instanceRoleAtLeast, type ProjectRole } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session";
import { passwordSignInEnabled } from "@/lib/auth/sso-config";
import { publicUrl } from "@/lib/config/public-url";
import { hashPassword } from "@/lib/crypto/password";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/http/errors";
import type { RequestMeta } from "@/lib/http/handler";
import { type MailResult, sendMail } from "@/lib/mail/mailer";
import type { AcceptInvitationInput, CreateInvitationInput } from "./schema";

const DAY_MS = 86_400_000;

type Grant = { projectId: string; role: ProjectRole };
type Tx = Prisma.TransactionClient;

export function invitationPath(token: string): string {
  return `/invite/${token}`;
}

async function assertProjectsExist(tx: Tx, grants: Grant[]): Promise<void> {
  const ids = [...new Set(grants.map((g) => g.projectId))];
  if (ids.length !== grants.length) throw new AppError("bad_request", "A project is listed twice", "projects");
  const found = await tx.project.count({ where: { id: { in: ids }, archivedAt: null } });
  if (found !== ids.length) throw new AppError("bad_request", "One of the projects does not exist or is archived", "projects");
}

/**
 * An admin invites someone by email. The link is returned once (only its hash is stored) and also
 * mailed when SMTP is configured. A newer invitation to the same address replaces a pending one.
 */
export async function createInvitation(actor: SessionUser, input: CreateInvitationInput, meta: RequestMeta) {
  if (!instanceRoleAtLeast(actor.instanceRole, input.instanceRole)) {
    throw new AppError("forbidden", `You cannot grant the ${input.instanceRole} role, which is above your own`, "instanceRole");
  }
  const { token, hash } = newLinkToken();
  const prisma = await db();
  const invitation = await prisma.$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { email: input.email }, select: { id: true } })) {
      throw new AppError("conflict", `${input.email} already has an account; add them to projects instead`, "email");
    }
    await assertProjectsExist(tx, input.projects);
    const now = new Date();
    await tx.invitation.updateMany({
      where: { email: input.email, acceptedAt: null, revokedAt: null },
      data: { revokedAt: now },
    });
    const created = await tx.invitation.create({
      data: {
        tokenHash: hash,
        email: input.email,
        instanceRole: input.instanceRole,
        projects: input.projects,
        invitedById: actor.id,
        expiresAt: new Date(now.getTime() + input.expiresInDays * DAY_MS),
      },
      select: { id: true, email: true, instanceRole: true, projects: true, expiresAt: true, createdAt: true },
    });
    await recordAudit(
      {
        actorId: actor.id,
        action: "invitation.create",
        targetType: "invitation",
        targetId: created.id,
        after: {
          email: created.email,
          instanceRole: created.instanceRole,
          projects: input.projects,
          expiresAt: created.expiresAt.toISOString(),
        },
        ...meta,
      },
      tx,
    );
    return created;
  });
  const path = invitationPath(token);
  const url = new URL(path, publicUrl()).toString();
  const mail: MailResult = await sendMail({
    to: invitation.email,
    subject: `${actor.name} invited you to Switchboard`,
    text: [
      `${actor.name} (${actor.email}) invited you to Switchboard, the team's console for the OpenAI API.`,
      "",
      `Accept the invitation: ${url}`,
      "",
      `The link works once and expires on ${invitation.expiresAt.toUTCString()}.`,
    ].join("\n"),
  });
  return { invitation, path, url, mail };
}

export async function listInvitations() {
  const prisma = await db();
  const rows = await prisma.invitation.findMany({
    where: { acceptedAt: null, revokedAt: null },
    orderBy: { createdAt: "desc" },
    take: 200,
    select: {
      id: true,
      email: true,
      instanceRole: true,
      projects: true,
      expiresAt: true,
      createdAt: true,
      invitedBy: { select: { name: true, email: true } },
    },
  });
  const now = Date.now();
  return rows.map((row) => ({ ...row, expired: row.expiresAt.getTime() <= now }));
}

export async function revokeInvitation(actor: SessionUser, invitationId: string, meta: RequestMeta): Promise<void> {
  const prisma = await db();
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.invitation.updateMany({
      where: { id: invitationId, acceptedAt: null, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (count === 0) throw new AppError("not_found", "Invitation not found, or already accepted or revoked");
    const row = await tx.invitation.findUniqueOrThrow({ where: { id: invitationId }, select: { email: true } });
    await recordAudit(
      {
        actorId: actor.id,
        action: "invitation.revoke",
        targetType: "invitation",
        targetId: invitationId,
        before: { email: row.email },
        ...meta,
      },
      tx,
    );
  });
}

async function findUsableInvitation(token: string) {
  if (!isLinkToken(token)) throw new AppError("not_found", "This invitation link is not valid");
  const prisma = await db();
  const invitation = await prisma.invitation.findUnique({
    where: { tokenHash: hashLinkToken(token) },
    select: {
      id: true,
      email: true,
      instanceRole: true,
      projects: true,
      expiresAt: true,
      acceptedAt: true,
      revokedAt: true,
      invitedBy: { select: { name: true } },
    },
  });
  if (!invitation) throw new AppError("not_found", "This invitation link is not valid");
  if (invitation.acceptedAt) throw new AppError("conflict", "This invitation was already accepted; sign in instead");
  if (invitation.revokedAt) throw new AppError("conflict", "This invitation was withdrawn; ask an admin for a new one");
  if (invitation.expiresAt.getTime() <= Date.now())
    throw new AppError("conflict", "This invitation has expired; ask an admin for a new one");
  return invitation;
}

/** What the invitation page shows before the person accepts: who invited them, to what. */
export async function describeInvitation(token: string) {
  const invitation = await findUsableInvitation(token);
  const grants = invitation.projects as Grant[];
  const prisma = await db();
  const projects = await prisma.project.findMany({
    where: { id: { in: grants.map((g) => g.projectId) } },
    select: { id: true, name: true },
    orderBy: { name: "asc" },
  });
  return {
    email: invitation.email,
    instanceRole: invitation.instanceRole,
    invitedBy: invitation.invitedBy?.name ?? null,
    expiresAt: invitation.expiresAt,
    projects: projects.map((p) => ({ name: p.name, role: grants.find((g) => g.projectId === p.id)?.role })),
    passwordSignIn: passwordSignInEnabled(),
  };
}

/** Gives a pending invitation's role and projects to a new account, inside the caller's transaction. */
export async function consumeInvitation(tx: Tx, invitationId: string, userId: string, grants: Grant[]): Promise<void> {
  // Conditional: of two acceptances racing, one updates the row and the other finds it taken.
  const { count } = await tx.invitation.updateMany({
    where: { id: invitationId, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    data: { acceptedAt: new Date() },
  });
  if (count === 0) throw new AppError("conflict", "This invitation was already used; sign in instead");
  const live = await tx.project.findMany({ where: { id: { in: grants.map((g) => g.projectId) } }, select: { id: true } });
  const liveIds = new Set(live.map((p) => p.id));
  const memberships = grants.filter((g) => liveIds.has(g.projectId)).map((g) => ({ projectId: g.projectId, userId, role: g.role }));
  if (memberships.length) await tx.projectMember.createMany({ data: memberships });
}

export async function acceptInvitation(token: string, input: AcceptInvitationInput, meta: RequestMeta) {
  const invitation = await findUsableInvitation(token);
  const passwords = passwordSignInEnabled();
  if (passwords && !input.password) throw new AppError("bad_request", "Choose a password", "password");
  const passwordHash = passwords && input.password ? await hashPassword(input.password) : null;
  const prisma = await db();
  return prisma.$transaction(async (tx) => {
    const user = await tx.user.create({
      data: { email: invitation.email, name: input.name, passwordHash, instanceRole: invitation.instanceRole },
      select: { id: true, email: true, name: true, instanceRole: true },
    });
    await consumeInvitation(tx, invitation.id, user.id, invitation.projects as Grant[]);
    await recordAudit(
      {
        actorId: user.id,
        action: "invitation.accept",
        targetType: "user",
        targetId: user.id,
        after: { email: user.email, name: user.name, instanceRole: user.instanceRole, invitationId: invitation.id },
        ...meta,
      },
      tx,
    );
    return user;
  });
}
