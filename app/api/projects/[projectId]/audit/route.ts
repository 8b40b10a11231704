// GET /api/projects/:projectId/audit: the project's audit log, newest first, for project admins;
// the same filters and CSV export as the instance's.
import { auditCsvResponse, listAuditActions, listAuditEntries } from "@/lib/audit/query";
import { auditQuery } from "@/lib/audit/schema";
import { withProject } from "@/lib/http/handler";

export const dynamic = "force-dynamic";

export const GET = withProject("project.audit.read", async ({ request, params, access }) => {
  const { format, ...query } = auditQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const filter = { ...query, projectId: params.projectId };
  if (format === "csv") return auditCsvResponse(filter, `audit-log-${access.project.slug}`);
  return { ...(await listAuditEntries(filter)), actions: filter.before ? undefined : await listAuditActions(params.projectId) };
});
