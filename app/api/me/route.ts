// GET /api/me: the signed-in person and the projects they can open.
import { withUser } from "@/lib/http/handler";
import { listProjectsFor } from "@/lib/projects/service";

export const dynamic = "force-dynamic";

export const GET = withUser(async ({ user }) => ({ user, projects: await listProjectsFor(user) }));
