import "server-only";
import { recordAudit } from "@/lib/audit/record";
import type { SessionUser } from "@/lib/auth/session";
import { decryptSecret, encryptSecret } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/http/errors";
import type { RequestMeta } from "@/lib/http/handler";
import { issueSandboxKeyFor } from "@/lib/sandbox/auth";
import { storedKey, UPSTREAM_LABELS } from "@/lib/upstream/connections";
import { type AdminFields, adminClient } from "./client";
import type { AdminConnectionSummary } from "./schema";

// Which organization the pages manage: the one behind a Switchboard project's connection that
// holds an admin key. An instance admin picks that project ("via"); every sandbox connection
// reaches the same sandbox organization, so any of them will do there.

export async function listAdminConnections(): Promise<AdminConnectionSummary[]> {
  const prisma = await db();
  const rows = await prisma.upstreamConnection.findMany({
    where: { project: { archivedAt: null } },
    select: {
      projectId: true,
      kind: true,
      baseUrl: true,
      organization: true,
      openaiProject: true,
      adminKeySealed: true,
      adminKeyLast4: true,
      project: { select: { name: true } },
    },
    orderBy: { project: { name: "asc" } },
  });
  return rows.map((row) => ({
    projectId: row.projectId,
    projectName: row.project.name,
    kind: row.kind,
    label: UPSTREAM_LABELS[row.kind],
    baseUrl: row.baseUrl,
    organization: row.organization,
    openaiProject: row.openaiProject,
    adminKey: storedKey(row.adminKeySealed, row.adminKeyLast4).masked,
    canIssueSandboxAdminKey: row.kind === "sandbox" && row.adminKeySealed === null,
  }));
}

export interface AdminConnection {
  projectId: string;
  fields: AdminFields;
}

/** The connection named by `projectId`, with its admin key opened; a 4xx in words when there is none. */
export async function adminConnection(projectId: string): Promise<AdminConnection> {
  const prisma = await db();
  const row = await prisma.upstreamConnection.findUnique({
    where: { projectId },
    select: { kind: true, baseUrl: true, organization: true, adminKeySealed: true },
  });
  if (!row) throw new AppError("not_found", "No Switchboard project with that connection");
  if (!row.adminKeySealed) {
    throw new AppError(
      "conflict",
      "This project's connection has no admin key: add one in the project's Settings → API connection (or create a sandbox admin key)",
    );
  }
  let adminKey: string;
  try {
    adminKey = decryptSecret(row.adminKeySealed);
  } catch {
    throw new AppError(
      "conflict",
      "The stored admin key cannot be decrypted with this server's secret; enter it again in Settings → API connection",
    );
  }
  return { projectId, fields: { kind: row.kind, baseUrl: row.baseUrl, adminKey, organization: row.organization } };
}

export async function clientFor(projectId: string) {
  const connection = await adminConnection(projectId);
  return { connection, client: adminClient(connection.fields) };
}

/**
 * Gives a sandbox connection an admin key of the sandbox organization, sealed like any stored key.
 * Nobody ever sees it: the pages use it on the server.
 */
export async function issueSandboxAdminKey(projectId: string, actor: SessionUser, meta: RequestMeta): Promise<void> {
  const prisma = await db();
  await prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM "UpstreamConnection" WHERE "projectId" = ${projectId} FOR UPDATE`;
    const row = await tx.upstreamConnection.findUnique({ where: { projectId }, select: { kind: true, adminKeySealed: true } });
    if (!row) throw new AppError("not_found", "No Switchboard project with that connection");
    if (row.kind !== "sandbox") throw new AppError("conflict", "Only a sandbox connection can be given a sandbox admin key");
    if (row.adminKeySealed) throw new AppError("conflict", "This connection already has an admin key");
    const key = await issueSandboxKeyFor(
      { label: `admin key of project ${projectId}`, project: projectId, name: "Admin key", admin: true },
      tx,
    );
    await tx.upstreamConnection.update({
      where: { projectId },
      data: { adminKeySealed: encryptSecret(key.value), adminKeyLast4: key.value.slice(-4) },
    });
    await recordAudit(
      {
        actorId: actor.id,
        action: "openai.sandbox_admin_key.create",
        targetType: "project",
        targetId: projectId,
        projectId,
        after: { adminKeySet: true },
        ...meta,
      },
      tx,
    );
  });
}
