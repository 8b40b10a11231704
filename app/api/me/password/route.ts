// POST /api/me/password: the signed-in person changes their own password. Their other sessions
// end; this one continues with the fresh cookie set here.
import { changePasswordInput } from "@/lib/account/schema";
import { changeOwnPassword } from "@/lib/account/service";
import { sessionCookieHeader } from "@/lib/auth/session";
import { readJson } from "@/lib/http/body";
import { withUser } from "@/lib/http/handler";

export const dynamic = "force-dynamic";

export const POST = withUser(async ({ request, user, meta }) => {
  const token = await changeOwnPassword(user, await readJson(request, changePasswordInput), meta);
  return new Response(null, { status: 204, headers: { "set-cookie": sessionCookieHeader(token), "cache-control": "no-store" } });
});
