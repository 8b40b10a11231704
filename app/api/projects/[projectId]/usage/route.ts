// GET /api/projects/:projectId/usage: the project's usage per day and group, and this month against its budget.
import { withProject } from "@/lib/http/handler";
import { monthToDate, usageReport } from "@/lib/usage/query";
import { usageQuery } from "@/lib/usage/schema";

export const dynamic = "force-dynamic";

export const GET = withProject("project.usage.read", async ({ request, params }) => {
  const query = usageQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const scope = { projectIds: [params.projectId] };
  const [report, month] = await Promise.all([
    usageReport({ ...query, projectId: undefined }, scope),
    monthToDate(params.projectId, query.tz),
  ]);
  return { report, month };
});
