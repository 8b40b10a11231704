// Journey: people sign in with single sign-on against a real OpenID provider run by the test. One
// from the allowed domain gets an account with the default role; one from elsewhere is refused.
import { expect, type Page } from "@playwright/test";
import { SignInPage } from "./pages/sign-in-page";
import { test } from "./support/fixtures";
import { APP_URL, OIDC_ALLOWED_DOMAIN, OIDC_PORT } from "./support/instance";
import { startOidcProvider } from "./support/oidc-provider";

type Users = { users: { email: string; instanceRole: string; status: string }[] };
type Audit = { entries: { action: string; after: { email?: string; reason?: string } | null }[] };

let provider: Awaited<ReturnType<typeof startOidcProvider>>;

test.beforeAll(async () => {
  provider = await startOidcProvider(OIDC_PORT, `${APP_URL}/api/auth/callback/oidc`);
});
test.afterAll(async () => {
  await provider?.close();
});

/** At the provider's own pages: log in as `email`, then allow Switchboard to read the profile. */
async function signInAtProvider(page: Page, email: string) {
  const signIn = new SignInPage(page);
  await signIn.goto();
  await page.getByRole("button", { name: "Continue with Test IdP" }).click();
  await expect(page).toHaveURL(new RegExp(`^http://127\\.0\\.0\\.1:${OIDC_PORT}/interaction/`));
  await page.locator("input[name=login]").fill(email);
  await page.locator("input[name=password]").fill("any password");
  await page.locator("button[type=submit]").click();
  await page.getByRole("button", { name: "Continue" }).click();
}

test("SSO creates the account of an allowed domain with the default role, and refuses another domain", async ({ ownerApi, newVisitor }) => {
  const local = `sam-${Date.now().toString(36)}`;
  const email = `${local}@${OIDC_ALLOWED_DOMAIN}`;

  await test.step("someone from the allowed domain signs in and lands in Switchboard, with no projects yet", async () => {
    const page = await newVisitor();
    await signInAtProvider(page, email);
    await expect(page).toHaveURL(`${APP_URL}/`);
    await expect(page.getByText("No projects yet")).toBeVisible();
    const me = await (await page.request.get("/api/me")).json();
    expect(me.user).toMatchObject({ email, instanceRole: "member" });
  });

  await test.step("the account exists, made by SSO, and its sign-in is in the audit log", async () => {
    const users = await ownerApi.get<Users>("/api/admin/users");
    const user = users.users.find((u) => u.email === email);
    expect(user).toMatchObject({ instanceRole: "member", status: "active" });
    const audit = await ownerApi.get<Audit>(`/api/admin/audit?target=${encodeURIComponent(email)}`);
    expect(audit.entries.map((e) => e.action)).toEqual(["auth.sign_in", "user.create"]);
  });

  await test.step("someone from another domain is sent back to sign-in with a clear message, and no account is made", async () => {
    const page = await newVisitor();
    const outsider = `eve-${Date.now().toString(36)}@elsewhere.test`;
    await signInAtProvider(page, outsider);
    await expect(page).toHaveURL(/\/sign-in\?error=sso_domain$/);
    await expect(new SignInPage(page).error).toHaveText(
      "Accounts from your email domain cannot sign in to this Switchboard. Ask an admin to invite you.",
    );
    const users = await ownerApi.get<Users>("/api/admin/users");
    expect(users.users.some((u) => u.email === outsider)).toBe(false);
    const audit = await ownerApi.get<Audit>(`/api/admin/audit?action=auth.sign_in_failed`);
    expect(audit.entries.some((e) => e.after?.email === outsider && e.after?.reason === "sso_domain")).toBe(true);
  });
});
