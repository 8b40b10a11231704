// The client Switchboard is registered as at the test's OpenID provider (kept apart from the
// provider itself so playwright.config.ts need not load oidc-provider).
export const OIDC_CLIENT = { id: "switchboard-e2e", secret: "switchboard-e2e-client-secret-0123456789" } as const;
