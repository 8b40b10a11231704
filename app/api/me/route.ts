// /api/me: the signed-in person and the projects they can open; PATCH changes their own name.
import { updateProfileInput } from "@/lib/account/schema";
import { updateOwnName } from "@/lib/account/service";
import { readJson } from "@/lib/http/body";
import { withUser } from "@/lib/http/handler";
import { listProjectsFor } from "@/lib/projects/service";

export const dynamic = "force-dynamic";

export const GET = withUser(async ({ user }) => ({ user, projects: await listProjectsFor(user) }));

export const PATCH = withUser(async ({ request, user, meta }) => {
  const { name } = await readJson(request, updateProfileInput);
  return updateOwnName(user, name, meta);
});
