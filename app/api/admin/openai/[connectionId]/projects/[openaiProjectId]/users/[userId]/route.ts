// /api/admin/openai/:connectionId/projects/:openaiProjectId/users/:userId: change a member's role; remove them.
import { readJson } from "@/lib/http/body";
import { withUser } from "@/lib/http/handler";
import { updateProjectUserInput } from "@/lib/openai-org/schema";
import { removeProjectUser, updateProjectUser } from "@/lib/openai-org/service";

export const dynamic = "force-dynamic";

type Params = { connectionId: string; openaiProjectId: string; userId: string };

export const PATCH = withUser<Params>(
  async ({ request, params, user, meta }) =>
    updateProjectUser(
      { via: params.connectionId, actor: user, meta },
      params.openaiProjectId,
      params.userId,
      await readJson(request, updateProjectUserInput),
    ),
  { permission: "instance.openai.manage" },
);

export const DELETE = withUser<Params>(
  async ({ params, user, meta }) => {
    await removeProjectUser({ via: params.connectionId, actor: user, meta }, params.openaiProjectId, params.userId);
  },
  { permission: "instance.openai.manage" },
);
