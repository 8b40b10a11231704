import "server-only";
import { db } from "@/lib/db/client";

// "Who created this?" for upstream objects made through Switchboard: the object stays upstream,
// and this table keeps only its id, its type and who made it (a person, or later a virtual key).

const CREATING_ENDPOINTS = new Set(["/files", "/uploads", "/uploads/{id}/complete", "/vector_stores", "/batches", "/fine_tuning/jobs"]);

export function createsObject(method: string, endpoint: string): boolean {
  return method === "POST" && CREATING_ENDPOINTS.has(endpoint);
}

export interface CreatedBy {
  projectId: string;
  userId: string | null;
  apiKeyId: string | null;
}

/** Written after the answer has gone to the caller; a failure is logged, never the caller's problem. */
export function rememberCreatedObject(by: CreatedBy, object: { id: string; object: string }): void {
  db()
    .then((prisma) =>
      prisma.createdObject.upsert({
        where: { projectId_objectId: { projectId: by.projectId, objectId: object.id } },
        create: { projectId: by.projectId, objectId: object.id, objectType: object.object, createdById: by.userId, apiKeyId: by.apiKeyId },
        update: {},
      }),
    )
    .catch((error) => console.error("[upstream] creator of an object not recorded:", error instanceof Error ? error.message : error));
}

export interface Creator {
  objectId: string;
  objectType: string;
  createdAt: Date;
  createdBy: { id: string; name: string } | null;
  /** Set when a project API key (not a person in the console) created it. */
  apiKeyId: string | null;
}

/** The creators of the given objects of a project, for those created here. */
export async function creatorsOf(projectId: string, objectIds: string[]): Promise<Creator[]> {
  if (objectIds.length === 0) return [];
  const prisma = await db();
  const rows = await prisma.createdObject.findMany({ where: { projectId, objectId: { in: objectIds } } });
  const userIds = [...new Set(rows.map((row) => row.createdById).filter((id): id is string => !!id))];
  const users = await prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } });
  const byId = new Map(users.map((user) => [user.id, user]));
  return rows.map((row) => ({
    objectId: row.objectId,
    objectType: row.objectType,
    createdAt: row.createdAt,
    createdBy: row.createdById ? (byId.get(row.createdById) ?? null) : null,
    apiKeyId: row.apiKeyId,
  }));
}
