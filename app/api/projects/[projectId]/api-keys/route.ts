// /api/projects/:projectId/api-keys: the project's gateway keys; project admins create them (the secret is in this answer only).

import { createKeyInput } from "@/lib/api-keys/schema";
import { createKey, listKeys } from "@/lib/api-keys/service";
import { readJson } from "@/lib/http/body";
import { json, withProject } from "@/lib/http/handler";

export const dynamic = "force-dynamic";

export const GET = withProject("project.keys.read", async ({ user, access, params }) => ({
  keys: await listKeys(user, access, params.projectId),
}));

export const POST = withProject("project.keys.manage", async ({ request, user, params, meta }) =>
  json(await createKey(user, params.projectId, await readJson(request, createKeyInput), meta), 201),
);
