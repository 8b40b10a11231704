// /api/admin/openai/:connectionId/projects/:openaiProjectId/service-accounts/:serviceAccountId: delete it and its keys.
import { withUser } from "@/lib/http/handler";
import { deleteServiceAccount } from "@/lib/openai-org/service";

export const dynamic = "force-dynamic";

type Params = { connectionId: string; openaiProjectId: string; serviceAccountId: string };

export const DELETE = withUser<Params>(
  async ({ params, user, meta }) => {
    await deleteServiceAccount({ via: params.connectionId, actor: user, meta }, params.openaiProjectId, params.serviceAccountId);
  },
  { permission: "instance.openai.manage" },
);
