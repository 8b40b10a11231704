// GET /api/projects/:projectId/logs: the project's request log, newest first, a page at a time.
import { withProject } from "@/lib/http/handler";
import { listRequestLog } from "@/lib/usage/logs";
import { logsQuery } from "@/lib/usage/schema";

export const dynamic = "force-dynamic";

export const GET = withProject("project.logs.read", async ({ request, params }) =>
  listRequestLog(params.projectId, logsQuery.parse(Object.fromEntries(new URL(request.url).searchParams))),
);
