// /api/projects/:projectId/members: who is in the project; project admins add people.
import { readJson } from "@/lib/http/body";
import { json, withProject } from "@/lib/http/handler";
import { addProjectMember, listProjectMembers } from "@/lib/projects/members";
import { addMemberInput } from "@/lib/projects/schema";

export const dynamic = "force-dynamic";

export const GET = withProject("project.members.read", async ({ params }) => ({ members: await listProjectMembers(params.projectId) }));

export const POST = withProject("project.members.manage", async ({ request, user, params, meta }) =>
  json(await addProjectMember(user, params.projectId, await readJson(request, addMemberInput), meta), 201),
);
