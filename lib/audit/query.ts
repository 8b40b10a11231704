import "server-only";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { AuditQuery } from "./schema";

export type AuditFilter = Omit<AuditQuery, "format"> & { projectId?: string };

const ENTRY_SELECT = {
  id: true,
  createdAt: true,
  action: true,
  targetType: true,
  targetId: true,
  projectId: true,
  before: true,
  after: true,
  ip: true,
  userAgent: true,
  actor: { select: { id: true, name: true, email: true } },
} as const;

// A target is named by what people know (an email, a project's name) but stored by id: find the
// ids of the people and projects that match the words, then the rows that point at any of them.
async function whereFor(filter: AuditFilter): Promise<Prisma.AuditLogWhereInput> {
  const prisma = await db();
  const and: Prisma.AuditLogWhereInput[] = [];
  if (filter.projectId) and.push({ projectId: filter.projectId });
  if (filter.before) and.push({ id: { lt: filter.before } });
  if (filter.from) and.push({ createdAt: { gte: filter.from } });
  if (filter.to) and.push({ createdAt: { lte: filter.to } });
  if (filter.action) and.push({ action: { startsWith: filter.action } });
  if (filter.actor) {
    const words = filter.actor;
    and.push({
      actor: {
        OR: [{ email: { contains: words, mode: "insensitive" } }, { name: { contains: words, mode: "insensitive" } }, { id: words }],
      },
    });
  }
  if (filter.target) {
    const words = filter.target;
    const [users, invitations, projects, keys] = await Promise.all([
      prisma.user.findMany({
        where: { OR: [{ email: { contains: words, mode: "insensitive" } }, { name: { contains: words, mode: "insensitive" } }] },
        select: { id: true },
        take: 500,
      }),
      prisma.invitation.findMany({ where: { email: { contains: words, mode: "insensitive" } }, select: { id: true }, take: 500 }),
      prisma.project.findMany({
        where: { OR: [{ name: { contains: words, mode: "insensitive" } }, { slug: { contains: words, mode: "insensitive" } }] },
        select: { id: true },
        take: 500,
      }),
      prisma.apiKey.findMany({ where: { name: { contains: words, mode: "insensitive" } }, select: { id: true }, take: 500 }),
    ]);
    const ids = [...users, ...invitations, ...projects, ...keys].map((row) => row.id);
    and.push({ OR: [{ targetId: words }, { targetType: words }, { targetId: { in: ids } }] });
  }
  return { AND: and };
}

/** Names for the targets of some entries (people and invitations by email, projects and API keys by name), for display. */
async function targetNames(rows: { targetType: string; targetId: string | null }[]): Promise<Map<string, string>> {
  const prisma = await db();
  const ids = (type: string) => [...new Set(rows.filter((r) => r.targetType === type && r.targetId).map((r) => r.targetId as string))];
  const [users, invitations, projects, keys] = await Promise.all([
    prisma.user.findMany({ where: { id: { in: ids("user") } }, select: { id: true, email: true } }),
    prisma.invitation.findMany({ where: { id: { in: ids("invitation") } }, select: { id: true, email: true } }),
    prisma.project.findMany({ where: { id: { in: ids("project") } }, select: { id: true, name: true } }),
    prisma.apiKey.findMany({ where: { id: { in: ids("api_key") } }, select: { id: true, name: true, lastFour: true } }),
  ]);
  return new Map<string, string>([
    ...[...users, ...invitations].map((row) => [row.id, row.email] as const),
    ...projects.map((p) => [p.id, p.name] as const),
    // The key's current secret: after a roll, entries before it name the new last four too.
    ...keys.map((k) => [k.id, `${k.name} (sk-sb-…${k.lastFour})`] as const),
  ]);
}

export async function listAuditEntries(filter: AuditFilter) {
  const prisma = await db();
  const limit = Math.min(filter.limit ?? 50, 200);
  const rows = await prisma.auditLog.findMany({
    where: await whereFor(filter),
    orderBy: { id: "desc" },
    take: limit + 1,
    select: ENTRY_SELECT,
  });
  const page = rows.slice(0, limit);
  const names = await targetNames(page);
  return {
    entries: page.map((row) => ({ ...row, id: row.id.toString(), target: (row.targetId && names.get(row.targetId)) ?? null })),
    // The cursor for "Load more": there is more only when the query found one row beyond the page.
    next: rows.length > limit ? page[page.length - 1].id.toString() : null,
  };
}

/** Every distinct action recorded, for the action filter's suggestions. */
export async function listAuditActions(projectId?: string): Promise<string[]> {
  const prisma = await db();
  const rows = await prisma.auditLog.findMany({
    where: { projectId },
    distinct: ["action"],
    select: { action: true },
    orderBy: { action: "asc" },
  });
  return rows.map((row) => row.action);
}

const CSV_COLUMNS = [
  "id",
  "time",
  "actor_email",
  "actor_name",
  "action",
  "target_type",
  "target_id",
  "target",
  "project_id",
  "ip",
  "user_agent",
  "before",
  "after",
];
const CSV_PAGE = 500;
const CSV_MAX_ROWS = 100_000;

function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? "" : typeof value === "object" ? JSON.stringify(value) : String(value);
  // A cell a spreadsheet would run as a formula is kept as text.
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The filtered log as CSV, newest first, read a page at a time so memory stays flat. */
export function auditCsv(filter: AuditFilter): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let before = filter.before;
  let sent = 0;
  let headerSent = false;
  return new ReadableStream({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(`${CSV_COLUMNS.join(",")}\r\n`));
        return;
      }
      const { entries, next } = await listAuditEntries({ ...filter, before, limit: Math.min(CSV_PAGE, 200) });
      const lines = entries.map((e) =>
        [
          e.id,
          e.createdAt.toISOString(),
          e.actor?.email,
          e.actor?.name,
          e.action,
          e.targetType,
          e.targetId,
          e.target,
          e.projectId,
          e.ip,
          e.userAgent,
          e.before,
          e.after,
        ]
          .map(csvCell)
          .join(","),
      );
      if (lines.length) controller.enqueue(encoder.encode(`${lines.join("\r\n")}\r\n`));
      sent += lines.length;
      if (!next || sent >= CSV_MAX_ROWS) controller.close();
      else before = BigInt(next);
    },
  });
}

export function auditCsvResponse(filter: AuditFilter, name: string): Response {
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(auditCsv(filter), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${name}-${stamp}.csv"`,
      "cache-control": "no-store",
    },
  });
}
