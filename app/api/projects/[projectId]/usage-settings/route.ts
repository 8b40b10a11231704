// /api/projects/:projectId/usage-settings: the monthly budget and what the request log keeps.
import { requireProjectAccess } from "@/lib/auth/project-access";
import { readJson } from "@/lib/http/body";
import { withProject } from "@/lib/http/handler";
import { usageSettingsInput } from "@/lib/usage/schema";
import { updateUsageSettings, usageSettings } from "@/lib/usage/settings";

export const dynamic = "force-dynamic";

export const GET = withProject("project.usage.read", async ({ params }) => usageSettings(params.projectId));

export const PUT = withProject("project.usage.read", async ({ request, user, params, meta }) => {
  await requireProjectAccess(user, params.projectId, "project.update");
  return updateUsageSettings(user, params.projectId, await readJson(request, usageSettingsInput), meta);
});
