// /api/projects/:projectId/members/:userId: project admins change a member's role or remove them.
import { readJson } from "@/lib/http/body";
import { withProject } from "@/lib/http/handler";
import { removeProjectMember, updateProjectMember } from "@/lib/projects/members";
import { updateMemberInput } from "@/lib/projects/schema";

export const dynamic = "force-dynamic";

type Params = { projectId: string; userId: string };

export const PATCH = withProject<Params>("project.members.manage", async ({ request, user, params, meta }) => {
  const { role } = await readJson(request, updateMemberInput);
  return updateProjectMember(user, params.projectId, params.userId, role, meta);
});

export const DELETE = withProject<Params>("project.members.manage", async ({ user, params, meta }) => {
  await removeProjectMember(user, params.projectId, params.userId, meta);
});
