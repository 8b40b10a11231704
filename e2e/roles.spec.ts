// Journey 3: the owner adds a viewer to one project; the viewer sees that project and nothing more.
import { AdminMembersPage } from "./pages/admin-members-page";
import { AppShell } from "./pages/app-shell";
import { ProjectSettingsPage } from "./pages/project-settings-page";
import { SignInPage } from "./pages/sign-in-page";
import { expect, test } from "./support/fixtures";
import { GOOD_PASSWORD, uniqueEmail } from "./support/instance";

test("a viewer sees only their project and is kept out of settings, admin pages and other projects", async ({
  page,
  ownerApi,
  newVisitor,
}) => {
  const projectA = await ownerApi.createProject("Docs assistant");
  const projectB = await ownerApi.createProject("Payroll");
  const viewer = { name: "Vera Viewer", email: uniqueEmail("vera"), password: GOOD_PASSWORD };

  await test.step("the owner adds Vera as a viewer of project A, from Admin → Members", async () => {
    const shell = new AppShell(page);
    await page.goto(`/${projectA.id}`);
    await shell.adminLink.click();
    const members = new AdminMembersPage(page);
    await members.expectLoaded();
    const dialog = await members.openAddMember();
    await dialog.add({ ...viewer, instanceRole: "member", projects: { [projectA.name]: "viewer" } });
    await expect(members.row(viewer.email)).toContainText(viewer.name);
    await expect(members.row(viewer.email)).toContainText("member");
  });

  await test.step("project A's members list shows Vera as a viewer; project B's does not list her", async () => {
    const settings = new ProjectSettingsPage(page);
    await settings.gotoMembers(projectA.id);
    await expect(settings.roleOf(viewer.name)).toHaveValue("viewer");
    await settings.gotoMembers(projectB.id);
    await expect(settings.memberRow(viewer.email)).toHaveCount(0);
  });

  const vera = await newVisitor();
  const shell = new AppShell(vera);

  await test.step("Vera signs in and lands in project A, as a viewer", async () => {
    const signIn = new SignInPage(vera);
    await signIn.goto();
    await signIn.signIn(viewer.email, viewer.password);
    await shell.expectProjectPage(projectA.name);
    expect(shell.currentProjectId()).toBe(projectA.id);
    await expect(vera.getByRole("main").getByText("viewer", { exact: true })).toBeVisible();
  });

  await test.step("her switcher lists project A alone, without creating projects", async () => {
    await shell.openSwitcher();
    await shell.expectSwitcherToList([projectA.name], { canCreate: false });
    await vera.keyboard.press("Escape");
    await expect(shell.switcherMenu).toBeHidden();
  });

  await test.step("there is no way to settings or admin in her navigation", async () => {
    await expect(shell.projectNav.getByRole("link", { name: "Overview" })).toBeVisible();
    await expect(shell.projectNav.getByRole("link", { name: "Settings" })).toHaveCount(0);
    await expect(vera.getByRole("link", { name: "Manage members" })).toHaveCount(0);
    await expect(shell.adminLink).toHaveCount(0);
  });

  await test.step("project A's settings, typed into the address bar, answer 403", async () => {
    const response = await new ProjectSettingsPage(vera).goto(projectA.id);
    expect(response?.status()).toBe(403);
    await expect(vera.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
  });

  await test.step("the admin pages and API answer 403", async () => {
    const response = await vera.goto("/admin/members");
    expect(response?.status()).toBe(403);
    await expect(vera.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
    expect((await vera.request.get("/api/admin/users")).status()).toBe(403);
  });

  await test.step("project B does not exist for her: 404 page and 404 from the API", async () => {
    const response = await vera.goto(`/${projectB.id}`);
    expect(response?.status()).toBe(404);
    await expect(vera.getByRole("heading", { name: "Page not found" })).toBeVisible();
    expect((await vera.request.get(`/api/projects/${projectB.id}`)).status()).toBe(404);
    // Project A, by contrast, she may read.
    const own = await vera.request.get(`/api/projects/${projectA.id}`);
    expect(own.status()).toBe(200);
    expect(await own.json()).toMatchObject({ id: projectA.id, role: "viewer" });
  });
});
