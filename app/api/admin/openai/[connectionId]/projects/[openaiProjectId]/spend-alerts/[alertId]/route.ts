// /api/admin/openai/:connectionId/projects/:openaiProjectId/spend-alerts/:alertId: remove an alert.
import { withUser } from "@/lib/http/handler";
import { deleteSpendAlert } from "@/lib/openai-org/service";

export const dynamic = "force-dynamic";

type Params = { connectionId: string; openaiProjectId: string; alertId: string };

export const DELETE = withUser<Params>(
  async ({ params, user, meta }) => {
    await deleteSpendAlert({ via: params.connectionId, actor: user, meta }, params.openaiProjectId, params.alertId);
  },
  { permission: "instance.openai.manage" },
);
