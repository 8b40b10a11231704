// /api/admin/openai/:connectionId/projects/:openaiProjectId/spend-alerts: the project's spend alerts; add one.
import { readJson } from "@/lib/http/body";
import { json, withUser } from "@/lib/http/handler";
import { spendAlertInput } from "@/lib/openai-org/schema";
import { createSpendAlert, listSpendAlerts } from "@/lib/openai-org/service";

export const dynamic = "force-dynamic";

type Params = { connectionId: string; openaiProjectId: string };

export const GET = withUser<Params>(
  async ({ params }) => ({ spendAlerts: await listSpendAlerts(params.connectionId, params.openaiProjectId) }),
  {
    permission: "instance.openai.read",
  },
);

export const POST = withUser<Params>(
  async ({ request, params, user, meta }) =>
    json(
      await createSpendAlert(
        { via: params.connectionId, actor: user, meta },
        params.openaiProjectId,
        await readJson(request, spendAlertInput),
      ),
      201,
    ),
  { permission: "instance.openai.manage" },
);
