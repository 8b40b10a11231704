// Journey 4: a person who uses only the keyboard signs in and moves between projects.
import type { Locator, Page } from "@playwright/test";
import { AppShell } from "./pages/app-shell";
import { SignInPage } from "./pages/sign-in-page";
import { expect, test } from "./support/fixtures";
import { GOOD_PASSWORD, SIGNED_OUT, uniqueEmail } from "./support/instance";

test.use({ storageState: SIGNED_OUT });

/** Presses Tab until the element has focus, as a keyboard user would, and fails if it never does. */
async function tabTo(page: Page, target: Locator, maxPresses = 15) {
  for (let presses = 0; presses < maxPresses; presses++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press("Tab");
  }
  await expect(target).toBeFocused();
}

test("signing in and switching projects with the keyboard only", async ({ page, ownerApi }) => {
  const alpha = await ownerApi.createProject("Alpha keyboard");
  const beta = await ownerApi.createProject("Beta keyboard");
  const person = { name: "Kim Keys", email: uniqueEmail("kim"), password: GOOD_PASSWORD };
  await ownerApi.createPerson({
    ...person,
    projects: [
      { projectId: alpha.id, role: "member" },
      { projectId: beta.id, role: "member" },
    ],
  });

  const signIn = new SignInPage(page);
  const shell = new AppShell(page);

  await test.step("sign in: type, Tab, type, Tab, Enter", async () => {
    await signIn.goto();
    await tabTo(page, signIn.email);
    await page.keyboard.type(person.email);
    await page.keyboard.press("Tab");
    await expect(signIn.password).toBeFocused();
    await page.keyboard.type(person.password);
    await page.keyboard.press("Tab");
    await expect(signIn.submit).toBeFocused();
    await signIn.submitAndWaitForAnswer(() => page.keyboard.press("Enter"));
    await shell.expectProjectPage(alpha.name);
  });

  await test.step("Enter opens the project switcher on its first project", async () => {
    await tabTo(page, shell.switcher);
    await page.keyboard.press("Enter");
    await expect(shell.switcherMenu).toBeVisible();
    await expect(shell.switcher).toHaveAttribute("aria-expanded", "true");
    await shell.expectSwitcherToList([alpha.name, beta.name], { canCreate: false });
    await expect(shell.projectItem(alpha.name)).toBeFocused();
  });

  await test.step("arrow keys move through the projects and wrap around", async () => {
    await page.keyboard.press("ArrowDown");
    await expect(shell.projectItem(beta.name)).toBeFocused();
    await page.keyboard.press("ArrowDown");
    await expect(shell.projectItem(alpha.name)).toBeFocused();
    await page.keyboard.press("ArrowUp");
    await expect(shell.projectItem(beta.name)).toBeFocused();
    await page.keyboard.press("Home");
    await expect(shell.projectItem(alpha.name)).toBeFocused();
  });

  await test.step("Escape closes it and gives focus back to the switcher", async () => {
    await page.keyboard.press("Escape");
    await expect(shell.switcherMenu).toBeHidden();
    await expect(shell.switcher).toBeFocused();
    await expect(shell.switcher).toHaveAttribute("aria-expanded", "false");
  });

  await test.step("ArrowDown opens it too, and Enter on a project opens that project", async () => {
    await page.keyboard.press("ArrowDown");
    await expect(shell.switcherMenu).toBeVisible();
    await expect(shell.projectItem(alpha.name)).toBeFocused();
    await page.keyboard.press("ArrowDown");
    await expect(shell.projectItem(beta.name)).toBeFocused();
    await page.keyboard.press("Enter");
    await shell.expectProjectPage(beta.name);
    await expect(shell.switcherMenu).toBeHidden();
  });
});
