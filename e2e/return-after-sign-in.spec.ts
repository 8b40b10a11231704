// Journey: someone follows a link into Switchboard while signed out, signs in, and is taken to the
// page the link named; signing out keeps them on the address they use, not the configured one.
import { AppShell } from "./pages/app-shell";
import { SignInPage } from "./pages/sign-in-page";
import { expect, test } from "./support/fixtures";
import { APP_PORT, OWNER } from "./support/instance";

test("a link followed while signed out opens after sign-in, and sign-out stays on this address", async ({ ownerApi, newVisitor }) => {
  const project = await ownerApi.createProject("Linked from a message");
  // "localhost" rather than the configured 127.0.0.1: a second name for the same server.
  const other = `http://localhost:${APP_PORT}`;
  const page = await newVisitor();
  const signIn = new SignInPage(page);

  await page.goto(`${other}/${project.id}/settings/members`);
  await expect(page).toHaveURL(`${other}/sign-in?next=${encodeURIComponent(`/${project.id}/settings/members`)}`);
  await signIn.signIn(OWNER.email, OWNER.password);
  await expect(page).toHaveURL(`${other}/${project.id}/settings/members`);
  await expect(page.getByRole("table", { name: "Project members" })).toBeVisible();

  await new AppShell(page).signOut();
  await expect(page).toHaveURL(`${other}/sign-in`);
});
