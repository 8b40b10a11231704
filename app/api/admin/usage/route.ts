// GET /api/admin/usage: usage of every project on the instance (or one, with projectId), for instance admins.
import { withUser } from "@/lib/http/handler";
import { usageReport } from "@/lib/usage/query";
import { usageQuery } from "@/lib/usage/schema";

export const dynamic = "force-dynamic";

export const GET = withUser(
  async ({ request }) => ({ report: await usageReport(usageQuery.parse(Object.fromEntries(new URL(request.url).searchParams))) }),
  { permission: "instance.usage.read" },
);
