// /api/projects: list the projects the caller can open; instance admins create new ones.
import { readJson } from "@/lib/http/body";
import { json, withUser } from "@/lib/http/handler";
import { createProjectInput } from "@/lib/projects/schema";
import { createProject, listProjectsFor } from "@/lib/projects/service";

export const dynamic = "force-dynamic";

export const GET = withUser(async ({ user, request }) => {
  const includeArchived = new URL(request.url).searchParams.get("archived") === "include";
  return { projects: await listProjectsFor(user, { includeArchived }) };
});

export const POST = withUser(
  async ({ user, request, meta }) => json(await createProject(user, await readJson(request, createProjectInput), meta), 201),
  { permission: "instance.projects.create" },
);
