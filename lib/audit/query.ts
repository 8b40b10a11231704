import "server-only";
import { db } from "@/lib/db/client";

export async function listAuditEntries(filter: { projectId?: string; limit?: number; before?: bigint }) {
  const prisma = await db();
  const rows = await prisma.auditLog.findMany({
    where: { projectId: filter.projectId, id: filter.before ? { lt: filter.before } : undefined },
    orderBy: { id: "desc" },
    take: Math.min(filter.limit ?? 50, 200),
    select: {
      id: true,
      createdAt: true,
      action: true,
      targetType: true,
      targetId: true,
      projectId: true,
      before: true,
      after: true,
      ip: true,
      actor: { select: { id: true, name: true, email: true } },
    },
  });
  return rows.map((row) => ({ ...row, id: row.id.toString() }));
}
