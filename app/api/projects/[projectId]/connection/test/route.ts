// /api/projects/:projectId/connection/test: "Test connection" for the saved connection (no body) or a draft (the PUT body's shape).

import { connectionInput } from "@/lib/connection/schema";
import { readOptionalJson } from "@/lib/http/body";
import { withProject } from "@/lib/http/handler";
import { testProjectConnection } from "@/lib/upstream/probe";

export const dynamic = "force-dynamic";

export const POST = withProject("project.connection.manage", async ({ request, params }) => {
  const draft = await readOptionalJson(request, connectionInput);
  return testProjectConnection(params.projectId, draft);
});
