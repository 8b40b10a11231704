// /api/projects/:projectId/connection: the project's upstream connection, read and changed by project admins. Keys never come back.

import { connectionInput } from "@/lib/connection/schema";
import { readJson } from "@/lib/http/body";
import { withProject } from "@/lib/http/handler";
import { getConnectionSettings, updateConnection } from "@/lib/upstream/connection-settings";

export const dynamic = "force-dynamic";

export const GET = withProject("project.connection.read", async ({ params }) => getConnectionSettings(params.projectId));

export const PUT = withProject("project.connection.manage", async ({ request, params, user, meta }) => {
  const input = await readJson(request, connectionInput);
  return updateConnection(params.projectId, input, user, meta);
});
