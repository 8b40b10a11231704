// /api/password-reset/:token: an admin-issued reset link. GET says whose it is; POST sets the password.
import { readJson } from "@/lib/http/body";
import { publicRoute } from "@/lib/http/handler";
import { setPasswordInput } from "@/lib/invitations/schema";
import { completePasswordReset, describePasswordReset } from "@/lib/users/password-reset";

export const dynamic = "force-dynamic";

type Params = { token: string };

export const GET = publicRoute<Params>(async ({ params }) => describePasswordReset(params.token));

export const POST = publicRoute<Params>(async ({ request, params, meta }) => {
  const { password } = await readJson(request, setPasswordInput);
  return completePasswordReset(params.token, password, meta);
});
