// /api/admin/openai/:connectionId/projects/:openaiProjectId/service-accounts: list; create one (its key is answered once).
import { readJson } from "@/lib/http/body";
import { json, withUser } from "@/lib/http/handler";
import { createServiceAccountInput } from "@/lib/openai-org/schema";
import { createServiceAccount, listServiceAccounts } from "@/lib/openai-org/service";

export const dynamic = "force-dynamic";

type Params = { connectionId: string; openaiProjectId: string };

export const GET = withUser<Params>(
  async ({ params }) => ({ serviceAccounts: await listServiceAccounts(params.connectionId, params.openaiProjectId) }),
  { permission: "instance.openai.read" },
);

export const POST = withUser<Params>(
  async ({ request, params, user, meta }) =>
    json(
      await createServiceAccount(
        { via: params.connectionId, actor: user, meta },
        params.openaiProjectId,
        await readJson(request, createServiceAccountInput),
      ),
      201,
    ),
  { permission: "instance.openai.manage" },
);
