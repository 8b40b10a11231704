// /api/auth/*: next-auth (credentials sign-in, sign-out, CSRF token, session).
import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";

export const dynamic = "force-dynamic";

type RouteContext = { params: Promise<{ nextauth: string[] }> };

// Options are built per request: the secret comes from the data directory, which is only known
// at run time, not at build time.
async function handler(request: Request, context: RouteContext): Promise<Response> {
  return NextAuth(authOptions())(request, context);
}

export { handler as GET, handler as POST };
