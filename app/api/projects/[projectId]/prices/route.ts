// GET /api/projects/:projectId/prices?models=a,b: the per-model prices in effect now (rates only),
// so the playground can price a turn. Without `models`, every priced model.
import { z } from "zod";
import { withProject } from "@/lib/http/handler";
import { currentPrices } from "@/lib/playground/prices";

export const dynamic = "force-dynamic";

const query = z.object({
  models: z
    .string()
    .transform((value) =>
      value
        .split(",")
        .map((model) => model.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().max(200, "a model name is at most 200 characters")).max(50, "at most 50 models at once"))
    .optional(),
});

export const GET = withProject("project.read", async ({ request, params }) => {
  const { models } = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { prices: await currentPrices(params.projectId, models) };
});
