// /api/admin/openai/:connectionId/projects/:openaiProjectId/users: the project's members; add one.
import { readJson } from "@/lib/http/body";
import { json, withUser } from "@/lib/http/handler";
import { addProjectUserInput } from "@/lib/openai-org/schema";
import { addProjectUser, listProjectUsers } from "@/lib/openai-org/service";

export const dynamic = "force-dynamic";

type Params = { connectionId: string; openaiProjectId: string };

export const GET = withUser<Params>(
  async ({ params }) => ({ users: await listProjectUsers(params.connectionId, params.openaiProjectId) }),
  {
    permission: "instance.openai.read",
  },
);

export const POST = withUser<Params>(
  async ({ request, params, user, meta }) =>
    json(
      await addProjectUser(
        { via: params.connectionId, actor: user, meta },
        params.openaiProjectId,
        await readJson(request, addProjectUserInput),
      ),
      201,
    ),
  { permission: "instance.openai.manage" },
);
