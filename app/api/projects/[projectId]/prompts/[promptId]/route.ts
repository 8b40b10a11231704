// GET /api/projects/:projectId/prompts/:promptId?version=N: a saved prompt, its versions, and the
// setup of one version (the latest unless asked).
import { z } from "zod";
import { withProject } from "@/lib/http/handler";
import { getPrompt } from "@/lib/playground/prompts";

export const dynamic = "force-dynamic";

const query = z.object({ version: z.coerce.number({ error: "version: a whole number" }).int().positive().optional() });

export const GET = withProject<{ projectId: string; promptId: string }>("project.read", async ({ request, params }) => {
  const { version } = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  return getPrompt(params.projectId, params.promptId, version);
});
