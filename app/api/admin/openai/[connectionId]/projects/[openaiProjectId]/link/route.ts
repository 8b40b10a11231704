// /api/admin/openai/:connectionId/projects/:openaiProjectId/link: which Switchboard projects call through this project.
import { readJson } from "@/lib/http/body";
import { withUser } from "@/lib/http/handler";
import { linksOf, setLink } from "@/lib/openai-org/link";
import { linkInput } from "@/lib/openai-org/schema";

export const dynamic = "force-dynamic";

type Params = { connectionId: string; openaiProjectId: string };

export const GET = withUser<Params>(async ({ params }) => linksOf(params.connectionId, params.openaiProjectId), {
  permission: "instance.openai.read",
});

export const PUT = withUser<Params>(
  async ({ request, params, user, meta }) =>
    setLink({ via: params.connectionId, actor: user, meta }, params.openaiProjectId, await readJson(request, linkInput)),
  { permission: "instance.openai.manage" },
);
