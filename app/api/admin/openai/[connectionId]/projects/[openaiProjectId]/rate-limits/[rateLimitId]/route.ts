// /api/admin/openai/:connectionId/projects/:openaiProjectId/rate-limits/:rateLimitId: change a model's limits.
import { readJson } from "@/lib/http/body";
import { withUser } from "@/lib/http/handler";
import { rateLimitInput } from "@/lib/openai-org/schema";
import { updateRateLimit } from "@/lib/openai-org/service";

export const dynamic = "force-dynamic";

type Params = { connectionId: string; openaiProjectId: string; rateLimitId: string };

export const PATCH = withUser<Params>(
  async ({ request, params, user, meta }) =>
    updateRateLimit(
      { via: params.connectionId, actor: user, meta },
      params.openaiProjectId,
      params.rateLimitId,
      await readJson(request, rateLimitInput),
    ),
  { permission: "instance.openai.manage" },
);
