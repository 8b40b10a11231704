// GET /api/admin/audit: the whole instance's audit log, newest first, for instance admins; filtered
// by actor, action, target and date; `format=csv` downloads every matching entry.
import { auditCsvResponse, listAuditActions, listAuditEntries } from "@/lib/audit/query";
import { auditQuery } from "@/lib/audit/schema";
import { withUser } from "@/lib/http/handler";

export const dynamic = "force-dynamic";

export const GET = withUser(
  async ({ request }) => {
    const { format, ...filter } = auditQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
    if (format === "csv") return auditCsvResponse(filter, "audit-log");
    return { ...(await listAuditEntries(filter)), actions: filter.before ? undefined : await listAuditActions() };
  },
  { permission: "instance.audit.read" },
);
