// /api/projects/:projectId/api-keys/:keyId/roll: a new secret (shown once); the old one works for the grace period.

import { rollKeyInput } from "@/lib/api-keys/schema";
import { rollKey } from "@/lib/api-keys/service";
import { readJson } from "@/lib/http/body";
import { withProject } from "@/lib/http/handler";

export const dynamic = "force-dynamic";

type Params = { projectId: string; keyId: string };

export const POST = withProject<Params>("project.keys.manage", async ({ request, user, params, meta }) => {
  const { graceHours } = await readJson(request, rollKeyInput);
  return rollKey(user, params.projectId, params.keyId, graceHours, meta);
});
