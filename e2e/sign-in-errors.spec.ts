// Journey 2: someone mistypes their password, or an address that has no account, and is told the same.
import { AppShell } from "./pages/app-shell";
import { SignInPage } from "./pages/sign-in-page";
import { expect, test } from "./support/fixtures";
import { OWNER, SIGNED_OUT } from "./support/instance";

test.use({ storageState: SIGNED_OUT });

// Every failed sign-in counts against the client address (127.0.0.1 for the whole suite) and the
// sixth in fifteen minutes blocks it for a while: keep the suite's failed attempts at five at most.
test("a wrong password and an unknown email get the same answer, and the email stays", async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.goto();

  await test.step("a wrong password", async () => {
    await signIn.signIn(OWNER.email, "not-my-password-42");
    await expect(signIn.error).toHaveText("Invalid email or password.");
    await expect(signIn.email).toHaveValue(OWNER.email);
    await expect(page).toHaveURL(/\/sign-in$/);
  });

  await test.step("an email without an account", async () => {
    await signIn.signIn("nobody@example.test", OWNER.password);
    await expect(signIn.error).toHaveText("Invalid email or password.");
    await expect(signIn.email).toHaveValue("nobody@example.test");
    await expect(page).toHaveURL(/\/sign-in$/);
  });

  await test.step("the right password still gets in", async () => {
    await signIn.signIn(OWNER.email, OWNER.password);
    await expect(signIn.error).toBeHidden();
    await expect(new AppShell(page).switcher).toBeVisible();
  });
});
