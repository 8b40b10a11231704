import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { publicUrl, usesSecureCookies } from "@/lib/config/public-url";
import { serverSecret } from "@/lib/crypto/server-secret";
import type { RequestMeta } from "@/lib/http/handler";
import { authenticate } from "./authenticate";
import { SESSION_MAX_AGE_SECONDS } from "./session";
import { signInWithSso } from "./sso";
import { passwordSignInEnabled, type SsoConfig, ssoConfig } from "./sso-config";

export const SSO_PROVIDER_ID = "oidc";

interface OidcClaims {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
  preferred_username?: string;
}

// The SSO person as next-auth carries them between callbacks; `sb` is filled in by the signIn
// callback with our own account, so the jwt callback need not look it up again.
type SsoUser = { id: string; email?: string | null; name?: string | null; sb?: { id: string; sv: number } };

function oidcProvider(config: SsoConfig): OAuthConfig<OidcClaims> {
  return {
    id: SSO_PROVIDER_ID,
    name: config.displayName,
    type: "oauth",
    wellKnown: `${config.issuer}/.well-known/openid-configuration`,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    authorization: { params: { scope: "openid email profile" } },
    idToken: true,
    checks: ["pkce", "state"],
    // Providers differ in where the email is: some put it in the ID token, others (strictly per the
    // spec, e.g. oidc-provider, Keycloak with some mappers) only at the userinfo endpoint.
    userinfo: {
      async request({ tokens, client }) {
        // A TokenSet of openid-client at run time, whose ID token next-auth has already verified.
        const set = tokens as unknown as Parameters<typeof client.userinfo>[0] & { claims(): OidcClaims };
        const claims = set.claims();
        if (claims.email) return claims as never;
        const userinfo = (await client.userinfo(set)) as Partial<OidcClaims>;
        return { ...claims, ...userinfo } as never;
      },
    },
    client: { token_endpoint_auth_method: config.clientSecret ? "client_secret_basic" : "none" },
    profile(claims) {
      return {
        id: claims.sub,
        email: claims.email ?? null,
        name: claims.name ?? claims.preferred_username ?? null,
        emailVerified: claims.email_verified ?? null,
      } as SsoUser;
    },
  };
}

/** next-auth's options for one request; `meta` is that request's address and user agent, for the audit log. */
export function authOptions(meta: RequestMeta = { ip: null, userAgent: null }): NextAuthOptions {
  const sso = ssoConfig();
  const providers: NextAuthOptions["providers"] = [];
  if (passwordSignInEnabled()) {
    providers.push(
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          const headers = (req?.headers ?? {}) as Record<string, string | undefined>;
          const user = await authenticate({
            email: credentials?.email ?? "",
            password: credentials?.password ?? "",
            ip: clientIp(headers["x-forwarded-for"]) ?? meta.ip,
            userAgent: headers["user-agent"] ?? meta.userAgent,
          });
          return { id: user.id, email: user.email, name: user.name, sv: user.sessionVersion };
        },
      }),
    );
  }
  if (sso) providers.push(oidcProvider(sso));
  return {
    secret: serverSecret(),
    useSecureCookies: usesSecureCookies(),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    jwt: { maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers,
    callbacks: {
      async signIn({ user, account, profile }) {
        if (account?.provider !== SSO_PROVIDER_ID || !sso) return true;
        const claims = profile as OidcClaims | undefined;
        const outcome = await signInWithSso(
          sso,
          { sub: claims?.sub ?? user.id, email: claims?.email, emailVerified: claims?.email_verified, name: claims?.name ?? user.name },
          meta,
        );
        if (!outcome.ok) return new URL(`/sign-in?error=${outcome.reason}`, publicUrl()).toString();
        (user as SsoUser).sb = { id: outcome.user.id, sv: outcome.user.sessionVersion };
        return true;
      },
      jwt({ token, user }) {
        if (user) {
          // Keep the token small and free of personal data: id and session version only.
          const sso = (user as SsoUser).sb;
          if (sso) return { sub: sso.id, sv: sso.sv };
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
