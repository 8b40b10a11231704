// Journey 1: a new Switchboard is set up, gets a second project, and its owner signs out and back in.
// Runs as the "first-run" project; the owner's signed-in state it saves is where the other journeys start.
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { AppShell } from "./pages/app-shell";
import { SetupPage } from "./pages/setup-page";
import { SignInPage } from "./pages/sign-in-page";
import { FIRST_PROJECT, OWNER, OWNER_STATE, SECOND_PROJECT } from "./support/instance";

test("first-run setup, a second project, sign out and back in", async ({ page, baseURL }) => {
  const setup = new SetupPage(page);
  const shell = new AppShell(page);
  const signIn = new SignInPage(page);

  await test.step("before setup, every page leads to the setup form", async () => {
    await page.goto("/");
    await expect(page).toHaveURL(/\/setup$/);
    await expect(setup.heading).toBeVisible();
    await page.goto("/sign-in");
    await expect(page).toHaveURL(/\/setup$/);
    await expect(setup.heading).toBeVisible();
  });

  await test.step("the owner sets up Switchboard and lands in the first project", async () => {
    await setup.createOwner({ ...OWNER, projectName: FIRST_PROJECT });
    await shell.expectProjectPage(FIRST_PROJECT);
    await expect(page.getByText("Your role")).toBeVisible();
  });

  await test.step("a second project is created from the project switcher", async () => {
    await shell.createProject(SECOND_PROJECT);
  });

  await test.step("the owner signs out", async () => {
    await shell.signOut();
    await expect(signIn.heading).toBeVisible();
  });

  await test.step("once set up, setup is closed", async () => {
    await page.goto("/setup");
    await expect(page).toHaveURL(/\/sign-in$/);
    await expect(signIn.heading).toBeVisible();

    const again = await page.request.post("/api/setup", {
      headers: { origin: baseURL ?? "" },
      data: { name: "Mallory", email: "mallory@example.test", password: "taking-over-2024", projectName: "Mine" },
    });
    expect(again.status()).toBe(409);
    expect((await again.json()).error.code).toBe("conflict");
  });

  await test.step("the owner signs in again and finds both projects in the switcher", async () => {
    await signIn.signIn(OWNER.email, OWNER.password);
    // The front door opens the first project by name.
    await shell.expectProjectPage([FIRST_PROJECT, SECOND_PROJECT].sort()[0]);
    await shell.openSwitcher();
    await shell.expectSwitcherToList([FIRST_PROJECT, SECOND_PROJECT].sort(), { canCreate: true });
    await page.keyboard.press("Escape");
    await expect(shell.switcherMenu).toBeHidden();
  });

  fs.mkdirSync(path.dirname(OWNER_STATE), { recursive: true });
  await page.context().storageState({ path: OWNER_STATE });
});
