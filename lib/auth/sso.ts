import "server-only";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import type { RequestMeta } from "@/lib/http/handler";
import { consumeInvitation } from "@/lib/invitations/service";
import type { ProjectRole } from "./permissions";
import { emailDomainAllowed, type SsoConfig } from "./sso-config";

export interface SsoProfile {
  sub: string;
  email?: string | null;
  emailVerified?: boolean | null;
  name?: string | null;
}

/** Why an SSO sign-in was refused; the sign-in page words each one (components/auth/sign-in-form). */
export type SsoRefusal = "sso_no_email" | "sso_domain" | "sso_deactivated";

export type SsoOutcome = { ok: true; user: { id: string; sessionVersion: number } } | { ok: false; reason: SsoRefusal };

/**
 * Decides an OpenID Connect sign-in. A person is known by their email: an existing account signs
 * in; a new one is created just in time, with the role and projects of a pending invitation to that
 * address when there is one, and otherwise with the configured default role and no projects.
 */
export async function signInWithSso(config: SsoConfig, profile: SsoProfile, meta: RequestMeta): Promise<SsoOutcome> {
  const email = profile.email?.trim().toLowerCase();
  const refuse = async (reason: SsoRefusal, actorId: string | null = null): Promise<SsoOutcome> => {
    await recordAudit({
      actorId,
      action: "auth.sign_in_failed",
      targetType: "user",
      targetId: actorId,
      after: { email: email ?? null, method: "oidc", reason },
      ...meta,
    });
    return { ok: false, reason };
  };
  // An address the provider has not verified could be anyone's: never match an account with it.
  if (!email || profile.emailVerified === false) return refuse("sso_no_email");
  if (!emailDomainAllowed(config, email)) return refuse("sso_domain");

  const prisma = await db();
  const existing = await prisma.user.findUnique({ where: { email }, select: { id: true, status: true, sessionVersion: true } });
  if (existing) {
    if (existing.status !== "active") return refuse("sso_deactivated", existing.id);
    await recordAudit({
      actorId: existing.id,
      action: "auth.sign_in",
      targetType: "user",
      targetId: existing.id,
      after: { method: "oidc" },
      ...meta,
    });
    return { ok: true, user: existing };
  }

  const user = await prisma.$transaction(async (tx) => {
    const invitation = await tx.invitation.findFirst({
      where: { email, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
      orderBy: { createdAt: "desc" },
      select: { id: true, instanceRole: true, projects: true },
    });
    const created = await tx.user.create({
      data: {
        email,
        name: profile.name?.trim() || email.split("@")[0],
        passwordHash: null,
        instanceRole: invitation?.instanceRole ?? config.defaultRole,
      },
      select: { id: true, email: true, name: true, instanceRole: true, sessionVersion: true },
    });
    if (invitation)
      await consumeInvitation(tx, invitation.id, created.id, invitation.projects as { projectId: string; role: ProjectRole }[]);
    await recordAudit(
      {
        actorId: created.id,
        action: "user.create",
        targetType: "user",
        targetId: created.id,
        after: { email, name: created.name, instanceRole: created.instanceRole, via: "oidc", invitationId: invitation?.id ?? null },
        ...meta,
      },
      tx,
    );
    await recordAudit(
      { actorId: created.id, action: "auth.sign_in", targetType: "user", targetId: created.id, after: { method: "oidc" }, ...meta },
      tx,
    );
    return created;
  });
  return { ok: true, user };
}
