// POST /api/projects/:projectId/prompts/:promptId/versions: saves the setup as the prompt's next version.
import { readJson } from "@/lib/http/body";
import { json, withProject } from "@/lib/http/handler";
import { saveVersion, saveVersionInput } from "@/lib/playground/prompts";

export const dynamic = "force-dynamic";

export const POST = withProject<{ projectId: string; promptId: string }>("project.prompts.write", async ({ request, params, user }) =>
  json(await saveVersion(params.projectId, params.promptId, user.id, await readJson(request, saveVersionInput)), 201),
);
