import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { usesSecureCookies } from "@/lib/config/public-url";
import { serverSecret } from "@/lib/crypto/server-secret";
import { authenticate } from "./authenticate";
import { SESSION_MAX_AGE_SECONDS } from "./session";

export function authOptions(): NextAuthOptions {
  return {
    secret: serverSecret(),
    useSecureCookies: usesSecureCookies(),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    jwt: { maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          const headers = (req?.headers ?? {}) as Record<string, string | undefined>;
          const user = await authenticate({
            email: credentials?.email ?? "",
            password: credentials?.password ?? "",
            ip: clientIp(headers["x-forwarded-for"]) ?? null,
            userAgent: headers["user-agent"] ?? null,
          });
          return { id: user.id, email: user.email, name: user.name, sv: user.sessionVersion };
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          // Keep the token small and free of personal data: id and session version only.
          return { sub: user.id, sv: (user as unknown as { sv: number }).sv };
        }
        return token;
      },
    },
  };
}

function clientIp(forwarded: string | undefined): string | undefined {
  return forwarded?.split(",")[0]?.trim() || undefined;
}
