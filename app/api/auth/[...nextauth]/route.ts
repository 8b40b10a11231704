// /api/auth/*: next-auth (password and single sign-on, sign-out, CSRF token, session).
import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { requestMeta } from "@/lib/http/handler";

export const dynamic = "force-dynamic";

type RouteContext = { params: Promise<{ nextauth: string[] }> };

// Options are built per request: the secret comes from the data directory, which is only known
// at run time, not at build time, and the request's address goes into the audit log.
async function handler(request: Request, context: RouteContext): Promise<Response> {
  return NextAuth(authOptions(requestMeta(request)))(request, context);
}

export { handler as GET, handler as POST };
