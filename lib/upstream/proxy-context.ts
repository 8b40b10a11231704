import "server-only";
import type { InstanceRole, ProjectRole } from "@/lib/auth/permissions";
import type { SessionUserRow } from "@/lib/auth/session";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import type { UpstreamKind } from "@/lib/generated/prisma/client";
import type { ConnectionFields } from "./target";

// Everything the console proxy needs to decide and forward one call — the session's user, the
// project, the caller's membership and the project's connection — in one query. Read fresh on
// every call (a deactivation, role change or new key applies to the very next call), and in one
// round trip because on embedded PGlite each query costs the proxy one to two milliseconds.

export interface ProxyContext {
  user: SessionUserRow | null;
  project: { id: string; slug: string; name: string; archivedAt: Date | null } | null;
  membershipRole: ProjectRole | null;
  connection: ConnectionFields | null;
}

interface Row {
  userId: string;
  email: string;
  userName: string;
  instanceRole: InstanceRole;
  status: string;
  sessionVersion: number;
  projectId: string | null;
  slug: string | null;
  projectName: string | null;
  archivedAt: Date | null;
  membershipRole: ProjectRole | null;
  kind: UpstreamKind | null;
  baseUrl: string | null;
  apiKeySealed: string | null;
  organization: string | null;
  openaiProject: string | null;
  azureApiVersion: string | null;
  azureDeployments: Record<string, string> | null;
}

export async function loadProxyContext(userId: string, projectId: string): Promise<ProxyContext> {
  const prisma = await db();
  const rows = await prisma.$queryRaw<Row[]>`
    SELECT u.id AS "userId", u.email, u.name AS "userName", u."instanceRole"::text AS "instanceRole",
           u.status::text AS status, u."sessionVersion",
           p.id AS "projectId", p.slug, p.name AS "projectName", p."archivedAt",
           m.role::text AS "membershipRole",
           c.kind::text AS kind, c."baseUrl", c."apiKeySealed", c.organization, c."openaiProject",
           c."azureApiVersion", c."azureDeployments"
    FROM "User" u
    LEFT JOIN "Project" p ON p.id = ${projectId}
    LEFT JOIN "ProjectMember" m ON m."projectId" = p.id AND m."userId" = u.id
    LEFT JOIN "UpstreamConnection" c ON c."projectId" = p.id
    WHERE u.id = ${userId}`;
  const row = rows[0];
  if (!row) return { user: null, project: null, membershipRole: null, connection: null };
  return {
    user: {
      id: row.userId,
      email: row.email,
      name: row.userName,
      instanceRole: row.instanceRole,
      status: row.status,
      sessionVersion: Number(row.sessionVersion),
    },
    project: row.projectId
      ? {
          id: row.projectId,
          slug: row.slug ?? "",
          name: row.projectName ?? "",
          archivedAt: row.archivedAt ? new Date(row.archivedAt) : null,
        }
      : null,
    membershipRole: row.membershipRole,
    connection: row.kind
      ? {
          kind: row.kind,
          baseUrl: row.baseUrl,
          apiKey: row.apiKeySealed ? openSealed(row.apiKeySealed) : null,
          organization: row.organization,
          openaiProject: row.openaiProject,
          azureApiVersion: row.azureApiVersion,
          azureDeployments: row.azureDeployments,
        }
      : null,
  };
}

// Decrypting is cheap but not free; a sealed value always opens to the same key, so remember a few.
const opened = new Map<string, string>();
function openSealed(sealed: string): string {
  let key = opened.get(sealed);
  if (key === undefined) {
    key = decryptSecret(sealed);
    if (opened.size >= 256) opened.delete(opened.keys().next().value as string);
    opened.set(sealed, key);
  }
  return key;
}
