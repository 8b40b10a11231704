// GET /api/projects/:projectId/logs/:eventId: one logged request, with its bodies when they were kept.
import { withProject } from "@/lib/http/handler";
import { requestLogEntry } from "@/lib/usage/logs";

export const dynamic = "force-dynamic";

export const GET = withProject<{ projectId: string; eventId: string }>("project.logs.read", async ({ params }) =>
  requestLogEntry(params.projectId, params.eventId),
);
