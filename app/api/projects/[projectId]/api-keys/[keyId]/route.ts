// /api/projects/:projectId/api-keys/:keyId: project admins revoke a key (effective on the next call).
import { revokeKey } from "@/lib/api-keys/service";
import { withProject } from "@/lib/http/handler";

export const dynamic = "force-dynamic";

type Params = { projectId: string; keyId: string };

export const DELETE = withProject<Params>("project.keys.manage", async ({ user, params, meta }) => {
  await revokeKey(user, params.projectId, params.keyId, meta);
});
