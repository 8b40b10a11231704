// /api/admin/openai/:connectionId/projects: the organization's projects; create one.
import { readJson } from "@/lib/http/body";
import { json, withUser } from "@/lib/http/handler";
import { createOrgProjectInput } from "@/lib/openai-org/schema";
import { createOrgProject, listOrgProjects } from "@/lib/openai-org/service";

export const dynamic = "force-dynamic";

type Params = { connectionId: string };

export const GET = withUser<Params>(
  async ({ request, params }) => {
    const query = new URL(request.url).searchParams;
    return listOrgProjects(params.connectionId, {
      after: query.get("after") ?? undefined,
      includeArchived: query.get("includeArchived") === "true",
    });
  },
  { permission: "instance.openai.read" },
);

export const POST = withUser<Params>(
  async ({ request, params, user, meta }) =>
    json(await createOrgProject({ via: params.connectionId, actor: user, meta }, await readJson(request, createOrgProjectInput)), 201),
  { permission: "instance.openai.manage" },
);
