import "server-only";
import type { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/http/errors";
import type { linkInput, OrgLinks } from "./schema";
import type { Caller } from "./service";

// Linking a Switchboard project to an OpenAI project sets its connection's project ID (sent as
// the OpenAI-Project header). Only OpenAI connections of the same organization and host qualify;
// on the sandbox each Switchboard project already is a sandbox project of its own.

async function viaConnection(via: string) {
  const prisma = await db();
  const row = await prisma.upstreamConnection.findUnique({
    where: { projectId: via },
    select: { kind: true, baseUrl: true, organization: true },
  });
  if (!row) throw new AppError("not_found", "No Switchboard project with that connection");
  return row;
}

export async function linksOf(via: string, openaiProjectId: string): Promise<OrgLinks> {
  const connection = await viaConnection(via);
  const prisma = await db();
  if (connection.kind === "sandbox") {
    const own = await prisma.project.findUnique({ where: { id: openaiProjectId }, select: { id: true, name: true } });
    return { linkable: false, linked: own ? [{ projectId: own.id, projectName: own.name }] : [], candidates: [] };
  }
  const rows = await prisma.upstreamConnection.findMany({
    where: { kind: "openai", baseUrl: connection.baseUrl, organization: connection.organization, project: { archivedAt: null } },
    select: { projectId: true, openaiProject: true, project: { select: { name: true } } },
    orderBy: { project: { name: "asc" } },
  });
  return {
    linkable: connection.kind === "openai",
    linked: rows
      .filter((row) => row.openaiProject === openaiProjectId)
      .map((row) => ({ projectId: row.projectId, projectName: row.project.name })),
    candidates: rows
      .filter((row) => row.openaiProject !== openaiProjectId)
      .map((row) => ({ projectId: row.projectId, projectName: row.project.name, openaiProject: row.openaiProject })),
  };
}

export async function setLink(caller: Caller, openaiProjectId: string, input: z.infer<typeof linkInput>): Promise<OrgLinks> {
  const via = await viaConnection(caller.via);
  if (via.kind !== "openai") {
    throw new AppError(
      "conflict",
      "Only OpenAI connections are linked to a project: on the sandbox each Switchboard project is its own sandbox project",
    );
  }
  const prisma = await db();
  await prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM "UpstreamConnection" WHERE "projectId" = ${input.switchboardProjectId} FOR UPDATE`;
    const row = await tx.upstreamConnection.findUnique({
      where: { projectId: input.switchboardProjectId },
      select: { kind: true, baseUrl: true, organization: true, openaiProject: true },
    });
    if (row?.kind !== "openai" || row.baseUrl !== via.baseUrl || row.organization !== via.organization) {
      throw new AppError("bad_request", "That Switchboard project is not connected to this OpenAI organization", "switchboardProjectId");
    }
    const next = input.linked ? openaiProjectId : row.openaiProject === openaiProjectId ? null : row.openaiProject;
    if (next === row.openaiProject) return;
    // A new project header changes what calls reach: what the last test found no longer holds.
    await tx.upstreamConnection.update({
      where: { projectId: input.switchboardProjectId },
      data: { openaiProject: next, capabilities: Prisma.DbNull, testedAt: null },
    });
    await recordAudit(
      {
        actorId: caller.actor.id,
        action: "project.connection.link_openai_project",
        targetType: "project",
        targetId: input.switchboardProjectId,
        projectId: input.switchboardProjectId,
        before: { openaiProject: row.openaiProject },
        after: { openaiProject: next },
        ...caller.meta,
      },
      tx,
    );
  });
  return linksOf(caller.via, openaiProjectId);
}
