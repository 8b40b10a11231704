import "server-only";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";

export interface AuditEntry {
  actorId: string | null;
  action: string;
  targetType: string;
  targetId?: string | null;
  projectId?: string | null;
  before?: Prisma.InputJsonValue | null;
  after?: Prisma.InputJsonValue | null;
  ip?: string | null;
  userAgent?: string | null;
}

type Writer = Pick<Prisma.TransactionClient, "auditLog">;

/**
 * Appends one row to the audit log. Pass the transaction client when the change itself is in a
 * transaction, so the change and its record commit or fail together.
 */
export async function recordAudit(entry: AuditEntry, tx?: Writer): Promise<void> {
  const writer = tx ?? (await db());
  await writer.auditLog.create({
    data: {
      actorId: entry.actorId,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId ?? null,
      projectId: entry.projectId ?? null,
      before: entry.before ?? undefined,
      after: entry.after ?? undefined,
      ip: entry.ip ?? null,
      userAgent: entry.userAgent?.slice(0, 512) ?? null,
    },
  });
}
