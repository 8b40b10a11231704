// /api/projects/:projectId/service-accounts: owners for keys that outlive people; project admins list and add them.

import { createServiceAccountInput } from "@/lib/api-keys/schema";
import { createServiceAccount, listServiceAccounts } from "@/lib/api-keys/service";
import { readJson } from "@/lib/http/body";
import { json, withProject } from "@/lib/http/handler";

export const dynamic = "force-dynamic";

export const GET = withProject("project.keys.manage", async ({ params }) => ({
  serviceAccounts: await listServiceAccounts(params.projectId),
}));

export const POST = withProject("project.keys.manage", async ({ request, user, params, meta }) => {
  const { name } = await readJson(request, createServiceAccountInput);
  return json(await createServiceAccount(user, params.projectId, name, meta), 201);
});
