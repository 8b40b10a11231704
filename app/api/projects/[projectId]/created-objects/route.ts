// GET /api/projects/:projectId/created-objects?ids=file-a,vs_b: who created these upstream objects
// from this console (objects made elsewhere are simply absent).
import { z } from "zod";
import { withProject } from "@/lib/http/handler";
import { creatorsOf } from "@/lib/upstream/created-objects";

export const dynamic = "force-dynamic";

const query = z.object({
  ids: z
    .string({ error: "ids: give the object ids, comma-separated" })
    .transform((value) =>
      value
        .split(",")
        .map((id) => id.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(z.string().max(200, "an id is at most 200 characters")).min(1, "give at least one id").max(200, "at most 200 ids at once"),
    ),
});

export const GET = withProject("project.read", async ({ request, params }) => {
  const { ids } = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { objects: await creatorsOf(params.projectId, ids) };
});
