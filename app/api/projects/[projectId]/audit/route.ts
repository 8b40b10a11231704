// GET /api/projects/:projectId/audit: the project's audit log, newest first, for project admins.
import { listAuditEntries } from "@/lib/audit/query";
import { auditQuery } from "@/lib/audit/schema";
import { withProject } from "@/lib/http/handler";

export const dynamic = "force-dynamic";

export const GET = withProject("project.audit.read", async ({ request, params }) => {
  const query = auditQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { entries: await listAuditEntries({ ...query, projectId: params.projectId }) };
});
