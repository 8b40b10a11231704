// /api/admin/openai/:connectionId/projects/:openaiProjectId/spend-limit: the project's hard spend limit; set or remove it.
import { readJson } from "@/lib/http/body";
import { withUser } from "@/lib/http/handler";
import { spendLimitInput } from "@/lib/openai-org/schema";
import { deleteSpendLimit, getSpendLimit, setSpendLimit } from "@/lib/openai-org/service";

export const dynamic = "force-dynamic";

type Params = { connectionId: string; openaiProjectId: string };

export const GET = withUser<Params>(
  async ({ params }) => ({ spendLimit: await getSpendLimit(params.connectionId, params.openaiProjectId) }),
  {
    permission: "instance.openai.read",
  },
);

export const PUT = withUser<Params>(
  async ({ request, params, user, meta }) => ({
    spendLimit: await setSpendLimit(
      { via: params.connectionId, actor: user, meta },
      params.openaiProjectId,
      await readJson(request, spendLimitInput),
    ),
  }),
  { permission: "instance.openai.manage" },
);

export const DELETE = withUser<Params>(
  async ({ params, user, meta }) => {
    await deleteSpendLimit({ via: params.connectionId, actor: user, meta }, params.openaiProjectId);
  },
  { permission: "instance.openai.manage" },
);
