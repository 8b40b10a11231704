// /api/admin/openai/:connectionId/projects/:openaiProjectId: one project; rename or archive it.
import { readJson } from "@/lib/http/body";
import { withUser } from "@/lib/http/handler";
import { updateOrgProjectInput } from "@/lib/openai-org/schema";
import { getOrgProject, updateOrgProject } from "@/lib/openai-org/service";

export const dynamic = "force-dynamic";

type Params = { connectionId: string; openaiProjectId: string };

export const GET = withUser<Params>(async ({ params }) => getOrgProject(params.connectionId, params.openaiProjectId), {
  permission: "instance.openai.read",
});

export const PATCH = withUser<Params>(
  async ({ request, params, user, meta }) =>
    updateOrgProject(
      { via: params.connectionId, actor: user, meta },
      params.openaiProjectId,
      await readJson(request, updateOrgProjectInput),
    ),
  { permission: "instance.openai.manage" },
);
