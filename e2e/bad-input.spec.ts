// Journey 5: forms given bad input say what is wrong next to the field, and nothing typed is lost.
import { AdminMembersPage } from "./pages/admin-members-page";
import { ProjectSettingsPage } from "./pages/project-settings-page";
import { SetupPage } from "./pages/setup-page";
import { expect, test } from "./support/fixtures";
import { FRESH_URL, GOOD_PASSWORD, OWNER, SIGNED_OUT, uniqueEmail } from "./support/instance";

const PASSWORD_RULE = "Password must be at least 12 characters, with at least one letter and one digit or symbol";

test.describe("on an instance not yet set up", () => {
  // The "fresh" instance is never set up, so this test can see the setup form whenever it runs.
  test.use({ baseURL: FRESH_URL, storageState: SIGNED_OUT });

  test("the setup form explains each mistake beside its field and keeps what was typed", async ({ page }) => {
    const setup = new SetupPage(page);
    await setup.goto();
    const typed = { name: "", email: "grace@navy", password: "cobol", projectName: "Compiler" };

    await test.step("an empty name, an incomplete email and a short password", async () => {
      await setup.fill(typed);
      await setup.submit.click();
      await expect(setup.name).toHaveAccessibleDescription("Name is required");
      await expect(setup.email).toHaveAccessibleDescription("Enter a valid email address, like name@example.com");
      await expect(setup.password).toHaveAccessibleDescription(PASSWORD_RULE);
      for (const field of [setup.name, setup.email, setup.password]) await expect(field).toHaveAttribute("aria-invalid", "true");
      await expect(setup.projectName).not.toHaveAttribute("aria-invalid");
      await expect(setup.email).toHaveValue(typed.email);
      await expect(setup.password).toHaveValue(typed.password);
      await expect(setup.projectName).toHaveValue(typed.projectName);
      await expect(page).toHaveURL(/\/setup$/);
    });

    await test.step("fixing name and email leaves only the password's message; a long password of letters only is still refused", async () => {
      await setup.name.fill("Grace Hopper");
      await setup.email.fill("grace@navy.example");
      await setup.password.fill("flowmaticcompiler");
      await setup.submit.click();
      await expect(setup.password).toHaveAccessibleDescription(PASSWORD_RULE);
      await expect(setup.name).not.toHaveAttribute("aria-invalid");
      await expect(setup.email).not.toHaveAttribute("aria-invalid");
      await expect(setup.name).toHaveValue("Grace Hopper");
      await expect(setup.email).toHaveValue("grace@navy.example");
      await expect(setup.password).toHaveValue("flowmaticcompiler");
      await expect(setup.projectName).toHaveValue(typed.projectName);
    });
  });
});

test("adding a member whose email is taken says so beside the email and keeps the form", async ({ page, ownerApi }) => {
  const project = await ownerApi.createProject("Billing bot");
  const members = new AdminMembersPage(page);
  await page.goto("/admin/members");
  await members.expectLoaded();
  const dialog = await members.openAddMember();
  const typed = { name: "Second Ada", email: OWNER.email, password: GOOD_PASSWORD };

  await test.step("the owner's own email is taken", async () => {
    await dialog.fill({ ...typed, projects: { [project.name]: "viewer" } });
    await dialog.submit.click();
    await expect(dialog.email).toHaveAccessibleDescription("That email is already taken");
    await expect(dialog.email).toHaveAttribute("aria-invalid", "true");
    await expect(dialog.root).toBeVisible();
    await expect(dialog.name).toHaveValue(typed.name);
    await expect(dialog.email).toHaveValue(typed.email);
    await expect(dialog.password).toHaveValue(typed.password);
    await expect(dialog.project(project.name)).toBeChecked();
    await expect(dialog.roleIn(project.name)).toHaveValue("viewer");
  });

  await test.step("a weak first password says what a password needs", async () => {
    await dialog.email.fill(uniqueEmail("second-ada"));
    await dialog.password.fill("ada1");
    await dialog.submit.click();
    await expect(dialog.password).toHaveAccessibleDescription(PASSWORD_RULE);
    await expect(dialog.email).not.toHaveAttribute("aria-invalid");
    await expect(dialog.name).toHaveValue(typed.name);
    await expect(dialog.password).toHaveValue("ada1");
    await expect(dialog.project(project.name)).toBeChecked();
  });

  await test.step("once corrected, the member is added", async () => {
    const email = await dialog.email.inputValue();
    await dialog.password.fill(GOOD_PASSWORD);
    await dialog.submit.click();
    await expect(dialog.root).toBeHidden();
    await expect(members.row(email)).toContainText(typed.name);
  });
});

test("adding a project member by an unknown or existing email says so beside the email", async ({ page, ownerApi }) => {
  const project = await ownerApi.createProject("Triage");
  const settings = new ProjectSettingsPage(page);
  await settings.gotoMembers(project.id);

  await test.step("nobody has that email", async () => {
    await settings.addMember("stranger@example.test", "viewer");
    await expect(settings.newMemberEmail).toHaveAccessibleDescription(
      "No account has that email; an instance admin can add the person first",
    );
    await expect(settings.newMemberEmail).toHaveValue("stranger@example.test");
    await expect(settings.newMemberRole).toHaveValue("viewer");
  });

  await test.step("the owner is a member already", async () => {
    await settings.addMember(OWNER.email, "member");
    await expect(settings.newMemberEmail).toHaveAccessibleDescription(`${OWNER.email} is already a member of this project`);
    await expect(settings.newMemberEmail).toHaveValue(OWNER.email);
    await expect(settings.newMemberRole).toHaveValue("member");
  });
});

test("renaming a project to nothing says the name is required and keeps the slug", async ({ page, ownerApi }) => {
  const project = await ownerApi.createProject("Forecasts");
  const settings = new ProjectSettingsPage(page);
  await settings.goto(project.id);
  await expect(settings.heading).toBeVisible();
  await settings.slug.fill("forecasts 2");
  await settings.rename("   ");
  await expect(settings.projectName).toHaveAccessibleDescription("Project name is required");
  await expect(settings.slug).toHaveAccessibleDescription("Slug may use lowercase letters, digits and single dashes");
  await expect(settings.projectName).toHaveValue("   ");
  await expect(settings.slug).toHaveValue("forecasts 2");
});

test("a budget typed with a dollar sign is refused beside the field, and the saved budget stays", async ({ page, ownerApi }) => {
  const project = await ownerApi.createProject("Budgets");
  await page.goto(`/${project.id}/settings/usage`);
  const budget = page.getByLabel("Monthly budget (USD)");
  const save = page.getByRole("button", { name: "Save" });
  await budget.fill("500");
  await save.click();
  await expect(page.getByText("Saved.")).toBeVisible();

  // Number("$25") is NaN, which JSON sends as null: the form used to remove the budget silently.
  await budget.fill("$25");
  await save.click();
  await expect(budget).toHaveAccessibleDescription("Budget must be an amount in dollars, like 500 or 1250.50");
  await expect(budget).toHaveValue("$25");
  await page.reload();
  await expect(budget).toHaveValue("500");
});
