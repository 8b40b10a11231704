// /api/projects/:projectId/api-keys/:keyId: project admins change what a key may do, or revoke it;
// both take effect on the next call.
import { updateKeyInput } from "@/lib/api-keys/schema";
import { revokeKey, updateKey } from "@/lib/api-keys/service";
import { readJson } from "@/lib/http/body";
import { withProject } from "@/lib/http/handler";

export const dynamic = "force-dynamic";

type Params = { projectId: string; keyId: string };

export const PATCH = withProject<Params>("project.keys.manage", async ({ request, user, params, meta }) => ({
  key: await updateKey(user, params.projectId, params.keyId, await readJson(request, updateKeyInput), meta),
}));

export const DELETE = withProject<Params>("project.keys.manage", async ({ user, params, meta }) => {
  await revokeKey(user, params.projectId, params.keyId, meta);
});
