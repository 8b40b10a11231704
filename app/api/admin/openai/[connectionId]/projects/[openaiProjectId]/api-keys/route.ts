// /api/admin/openai/:connectionId/projects/:openaiProjectId/api-keys: the project's API keys, with owner and last use.
import { withUser } from "@/lib/http/handler";
import { listApiKeys } from "@/lib/openai-org/service";

export const dynamic = "force-dynamic";

type Params = { connectionId: string; openaiProjectId: string };

export const GET = withUser<Params>(
  async ({ request, params }) =>
    listApiKeys(params.connectionId, params.openaiProjectId, new URL(request.url).searchParams.get("after") ?? undefined),
  { permission: "instance.openai.read" },
);
