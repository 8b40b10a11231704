// GET /api/admin/audit: the whole instance's audit log, newest first, for instance admins.
import { listAuditEntries } from "@/lib/audit/query";
import { auditQuery } from "@/lib/audit/schema";
import { withUser } from "@/lib/http/handler";

export const dynamic = "force-dynamic";

export const GET = withUser(
  async ({ request }) => ({ entries: await listAuditEntries(auditQuery.parse(Object.fromEntries(new URL(request.url).searchParams))) }),
  { permission: "instance.audit.read" },
);
