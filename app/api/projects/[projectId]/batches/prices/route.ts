// GET /api/projects/:projectId/batches/prices?models=a,b: the batch rate of these models, for the
// batch workbench's cost estimate (null for a model without a price).
import { z } from "zod";
import { batchRates } from "@/lib/batches/prices";
import { withProject } from "@/lib/http/handler";

export const dynamic = "force-dynamic";

const query = z.object({
  models: z
    .string({ error: "models: give the model names, comma-separated" })
    .transform((value) =>
      value
        .split(",")
        .map((model) => model.trim())
        .filter(Boolean),
    )
    .pipe(
      z
        .array(z.string().max(200, "a model name is at most 200 characters"))
        .min(1, "give at least one model")
        .max(50, "at most 50 models at once"),
    ),
});

export const GET = withProject("project.read", async ({ request, params }) => {
  const { models } = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { rates: await batchRates(params.projectId, models) };
});
