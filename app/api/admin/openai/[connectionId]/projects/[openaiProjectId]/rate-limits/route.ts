// /api/admin/openai/:connectionId/projects/:openaiProjectId/rate-limits: the project's rate limits per model.
import { withUser } from "@/lib/http/handler";
import { listRateLimits } from "@/lib/openai-org/service";

export const dynamic = "force-dynamic";

type Params = { connectionId: string; openaiProjectId: string };

export const GET = withUser<Params>(
  async ({ params }) => ({ rateLimits: await listRateLimits(params.connectionId, params.openaiProjectId) }),
  {
    permission: "instance.openai.read",
  },
);
