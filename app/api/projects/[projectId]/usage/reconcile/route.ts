// GET /api/projects/:projectId/usage/reconcile: our figures next to the upstream's bill, per UTC day and model.
import { z } from "zod";
import { withProject } from "@/lib/http/handler";
import { reconcile } from "@/lib/usage/reconcile";

export const dynamic = "force-dynamic";

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date as YYYY-MM-DD");
const reconcileQuery = z
  .object({ from: date, to: date })
  .refine((q) => q.from <= q.to, { message: "The start date must not be after the end date", path: ["from"] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 92 * 86_400_000, { message: "Compare at most 92 days at once", path: ["to"] });

export const GET = withProject("project.usage.reconcile", async ({ request, params }) => {
  const { from, to } = reconcileQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  return reconcile(params.projectId, from, to);
});
