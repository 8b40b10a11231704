import path from "node:path";

// The two Switchboard instances the suite runs against (see playwright.config.ts): "app" is set up
// by the first-run journey and shared by every other journey; "fresh" is never set up, so the
// setup form can be tried on it at any time. E2E_APP_PORT / E2E_FRESH_PORT move them, so two
// checkouts on one machine can run the suite side by side.
export const APP_PORT = Number(process.env.E2E_APP_PORT) || 3210;
export const FRESH_PORT = Number(process.env.E2E_FRESH_PORT) || 3211;
export const APP_URL = `http://127.0.0.1:${APP_PORT}`;
/** The OpenID provider the single sign-on journey starts; the "app" instance is configured for it. */
export const OIDC_PORT = Number(process.env.E2E_OIDC_PORT) || APP_PORT + 2;
export const OIDC_ALLOWED_DOMAIN = "allowed.test";
export const FRESH_URL = `http://127.0.0.1:${FRESH_PORT}`;

/** The owner the first-run journey creates; every other journey may sign in as them. */
export const OWNER = {
  name: "Ada Lovelace",
  email: "ada@example.test",
  password: "analytical-engine-1843",
} as const;

export const FIRST_PROJECT = "Support bot";
export const SECOND_PROJECT = "Research notes";

/** The owner's signed-in browser state, saved by the first-run journey. */
export const OWNER_STATE = path.join(import.meta.dirname, "..", ".auth", "owner.json");

/** A browser with nobody signed in. */
export const SIGNED_OUT = { cookies: [], origins: [] };

/** A password that satisfies the app's rule (12+ characters, a letter and a digit or symbol). */
export const GOOD_PASSWORD = "switchboard-e2e-2024";

/** An address no other test (or earlier attempt of this one) has used. */
export function uniqueEmail(label: string): string {
  return `${label}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.test`;
}

/** The sandbox's own key on the test instances (not a secret: the sandbox serves only made-up models). */
export const SANDBOX_KEY = "sk-sandbox-e2e-only";
