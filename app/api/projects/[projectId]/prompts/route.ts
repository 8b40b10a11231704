// /api/projects/:projectId/prompts: the project's saved playground prompts; saving under an
// existing name adds a version.
import { readJson } from "@/lib/http/body";
import { json, withProject } from "@/lib/http/handler";
import { listPrompts, savePrompt, savePromptInput } from "@/lib/playground/prompts";

export const dynamic = "force-dynamic";

export const GET = withProject("project.read", async ({ params }) => ({ prompts: await listPrompts(params.projectId) }));

export const POST = withProject("project.prompts.write", async ({ request, params, user }) =>
  json(await savePrompt(params.projectId, user.id, await readJson(request, savePromptInput)), 201),
);
