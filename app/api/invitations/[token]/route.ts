// /api/invitations/:token: the invitation link. GET says what it invites to; POST accepts it
// (name and password) and creates the account. The token is the only credential.
import { readJson } from "@/lib/http/body";
import { json, publicRoute } from "@/lib/http/handler";
import { acceptInvitationInput } from "@/lib/invitations/schema";
import { acceptInvitation, describeInvitation } from "@/lib/invitations/service";

export const dynamic = "force-dynamic";

type Params = { token: string };

export const GET = publicRoute<Params>(async ({ params }) => describeInvitation(params.token));

export const POST = publicRoute<Params>(async ({ request, params, meta }) =>
  json(await acceptInvitation(params.token, await readJson(request, acceptInvitationInput), meta), 201),
);
