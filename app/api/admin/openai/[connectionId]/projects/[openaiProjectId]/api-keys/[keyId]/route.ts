// /api/admin/openai/:connectionId/projects/:openaiProjectId/api-keys/:keyId: delete a key (not one a Switchboard project uses).
import { withUser } from "@/lib/http/handler";
import { deleteApiKey } from "@/lib/openai-org/service";

export const dynamic = "force-dynamic";

type Params = { connectionId: string; openaiProjectId: string; keyId: string };

export const DELETE = withUser<Params>(
  async ({ params, user, meta }) => {
    await deleteApiKey({ via: params.connectionId, actor: user, meta }, params.openaiProjectId, params.keyId);
  },
  { permission: "instance.openai.manage" },
);
