import http from "node:http";
import Provider from "oidc-provider";
import { OIDC_CLIENT } from "./oidc-client";

// A real OpenID Connect provider (the `oidc-provider` package) on 127.0.0.1, for the single
// sign-on journey. Its built-in development login page accepts any login; the login typed there is
// the person's email, and the name is derived from it.

export async function startOidcProvider(port: number, redirectUri: string): Promise<{ issuer: string; close: () => Promise<void> }> {
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: OIDC_CLIENT.id,
        client_secret: OIDC_CLIENT.secret,
        redirect_uris: [redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    cookies: { keys: ["e2e-cookie-key-not-secret"] },
    async findAccount(_ctx: unknown, id: string) {
      return {
        accountId: id,
        async claims() {
          const local = id.split("@")[0] ?? id;
          return { sub: id, email: id, email_verified: true, name: local.charAt(0).toUpperCase() + local.slice(1) };
        },
      };
    },
  });
  const server = http.createServer(provider.callback());
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
