import "server-only";
import { z } from "zod";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/http/errors";
import { setupSchema } from "./setup-schema";

// Saved prompts: a named playground setup per project, with numbered versions. Saving under a name
// that exists adds a version to it, so "save" never overwrites what a shared link points at.

export const savePromptInput = z.object({
  name: z.string().trim().min(1, "give the prompt a name").max(120, "at most 120 characters"),
  setup: setupSchema,
});

export const saveVersionInput = z.object({ setup: setupSchema });

const listSelect = {
  id: true,
  name: true,
  updatedAt: true,
  versions: { select: { version: true }, orderBy: { version: "desc" }, take: 1 },
} as const;

export async function listPrompts(projectId: string) {
  const prisma = await db();
  const rows = await prisma.savedPrompt.findMany({ where: { projectId }, select: listSelect, orderBy: { updatedAt: "desc" }, take: 500 });
  return rows.map((row) => ({ id: row.id, name: row.name, updatedAt: row.updatedAt, latestVersion: row.versions[0]?.version ?? 0 }));
}

async function versionOf(tx: Prisma.TransactionClient, promptId: string, userId: string, setup: unknown) {
  const last = await tx.savedPromptVersion.findFirst({ where: { promptId }, select: { version: true }, orderBy: { version: "desc" } });
  const version = (last?.version ?? 0) + 1;
  await tx.savedPromptVersion.create({ data: { promptId, version, setup: setup as Prisma.InputJsonValue, createdById: userId } });
  await tx.savedPrompt.update({ where: { id: promptId }, data: { updatedAt: new Date() } });
  return version;
}

/** Saves a setup under a name: a new prompt, or the next version of the prompt of that name. */
export async function savePrompt(projectId: string, userId: string, input: z.infer<typeof savePromptInput>) {
  const prisma = await db();
  return prisma.$transaction(async (tx) => {
    const prompt =
      (await tx.savedPrompt.findUnique({ where: { projectId_name: { projectId, name: input.name } }, select: { id: true } })) ??
      (await tx.savedPrompt.create({ data: { projectId, name: input.name, createdById: userId }, select: { id: true } }));
    const version = await versionOf(tx, prompt.id, userId, input.setup);
    return { id: prompt.id, name: input.name, version };
  });
}

function requirePromptId(promptId: string | undefined): string {
  // An undefined id would drop the filter in Prisma's `where` and match any prompt.
  if (!promptId) throw new AppError("not_found", "No such saved prompt in this project");
  return promptId;
}

export async function saveVersion(projectId: string, promptId: string, userId: string, input: z.infer<typeof saveVersionInput>) {
  requirePromptId(promptId);
  const prisma = await db();
  return prisma.$transaction(async (tx) => {
    const prompt = await tx.savedPrompt.findFirst({ where: { id: promptId, projectId }, select: { id: true, name: true } });
    if (!prompt) throw new AppError("not_found", "No such saved prompt in this project");
    return { id: prompt.id, name: prompt.name, version: await versionOf(tx, prompt.id, userId, input.setup) };
  });
}

/** A prompt with its versions, and the setup of one version (the latest unless asked). */
export async function getPrompt(projectId: string, promptId: string, version?: number) {
  requirePromptId(promptId);
  const prisma = await db();
  const prompt = await prisma.savedPrompt.findFirst({
    where: { id: promptId, projectId },
    select: {
      id: true,
      name: true,
      versions: { select: { version: true, createdAt: true, createdById: true }, orderBy: { version: "desc" } },
    },
  });
  if (!prompt) throw new AppError("not_found", "No such saved prompt in this project");
  const wanted = version ?? prompt.versions[0]?.version;
  const row = await prisma.savedPromptVersion.findUnique({
    where: { promptId_version: { promptId, version: wanted ?? 0 } },
    select: { version: true, setup: true },
  });
  if (!row) throw new AppError("not_found", `This prompt has no version ${version}`, "version");
  return { id: prompt.id, name: prompt.name, versions: prompt.versions, version: row.version, setup: row.setup };
}
