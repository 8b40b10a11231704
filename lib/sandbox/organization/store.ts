import "server-only";
import { db } from "@/lib/db/client";
import type { SandboxProject } from "@/lib/generated/prisma/client";
import { invalidRequest, notFound } from "../errors";
import { unixSeconds } from "../ids";
import { type ListParams, listPage, pageQuery } from "../pagination";

// The sandbox organization: its projects, and what lists of them share.

/**
 * Every project a key belongs to is a project of the organization. Keys issued to Switchboard
 * projects came before this table, so the rows are added when the organization is looked at,
 * named after the Switchboard project (the sandbox shares its database).
 */
export async function syncKeyProjects(): Promise<void> {
  const prisma = await db();
  await prisma.$executeRaw`
    INSERT INTO "SandboxProject" ("id", "name", "createdAt")
    SELECT k."project", COALESCE(MIN(p."name"), 'Project ' || k."project"), MIN(k."createdAt")
    FROM "SandboxApiKey" k LEFT JOIN "Project" p ON p."id" = k."project"
    WHERE k."project" <> '' AND NOT EXISTS (SELECT 1 FROM "SandboxProject" s WHERE s."id" = k."project")
    GROUP BY k."project"
    ON CONFLICT ("id") DO NOTHING`;
}

export function projectObject(row: SandboxProject) {
  return {
    id: row.id,
    object: "organization.project" as const,
    name: row.name,
    created_at: unixSeconds(row.createdAt),
    archived_at: row.archivedAt ? unixSeconds(row.archivedAt) : null,
    status: row.archivedAt ? "archived" : "active",
  };
}

export async function requireProject(id: string): Promise<SandboxProject> {
  const prisma = await db();
  let row = await prisma.sandboxProject.findUnique({ where: { id } });
  if (!row) {
    await syncKeyProjects();
    row = await prisma.sandboxProject.findUnique({ where: { id } });
  }
  if (!row) throw notFound(`The project ${id} was not found`, "project_id", "not_found");
  return row;
}

/** Archived projects cannot be updated, as on OpenAI. */
export async function requireActiveProject(id: string): Promise<SandboxProject> {
  const row = await requireProject(id);
  if (row.archivedAt) throw invalidRequest(`The project ${id} is archived and cannot be changed.`, "project_id", "project_archived");
  return row;
}

type CursorFinder = (id: string) => Promise<{ createdAt: Date; id: string } | null>;

/** One page of rows ordered by (createdAt, id), the cursor being an id found by `find`. */
export async function pageOf<T extends { id: string; createdAt: Date }>(
  params: ListParams,
  find: CursorFinder,
  fetch: (query: ReturnType<typeof pageQuery>) => Promise<T[]>,
  objectName: string,
) {
  const cursorId = params.after ?? params.before;
  let cursor: { createdAt: Date; id: string } | null = null;
  if (cursorId !== undefined) {
    cursor = await find(cursorId);
    if (!cursor) throw invalidRequest(`No such ${objectName}: ${cursorId}`, params.after !== undefined ? "after" : "before");
  }
  const query = pageQuery(params, cursor);
  return listPage(await fetch(query), params, query.reverse);
}

export function optionalString(body: Record<string, unknown>, name: string, maxLength = 256): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw invalidRequest(`Invalid type for '${name}': expected a string.`, name, "invalid_type");
  const trimmed = value.trim();
  if (!trimmed) throw invalidRequest(`Invalid '${name}': empty string.`, name, "empty_string");
  if (trimmed.length > maxLength) {
    throw invalidRequest(`Invalid '${name}': string too long. Expected at most ${maxLength} characters.`, name, "string_above_max_length");
  }
  return trimmed;
}
