// /api/projects/:projectId: read a project; project admins rename, re-slug, archive and restore it.

import { requireProjectAccess } from "@/lib/auth/project-access";
import { readJson } from "@/lib/http/body";
import { withProject } from "@/lib/http/handler";
import { updateProjectInput } from "@/lib/projects/schema";
import { updateProject } from "@/lib/projects/service";

export const dynamic = "force-dynamic";

export const GET = withProject("project.read", async ({ access }) => ({ ...access.project, role: access.role }));

export const PATCH = withProject("project.read", async ({ request, user, params, meta }) => {
  const input = await readJson(request, updateProjectInput);
  // Archiving and restoring are their own permission, and allowed on an archived project.
  const onlyArchiving = input.name === undefined && input.slug === undefined;
  await requireProjectAccess(user, params.projectId, onlyArchiving ? "project.archive" : "project.update");
  if (!onlyArchiving && input.archived !== undefined) await requireProjectAccess(user, params.projectId, "project.archive");
  return updateProject(user, params.projectId, input, meta);
});
