// Journey: the owner invites someone to one project; they accept, set a name and password and land
// there, kept out of admin and other projects. The owner changes their role and deactivates them,
// which ends their live session and refuses their API key; the audit log shows every step, in order.
import { AdminMembersPage } from "./pages/admin-members-page";
import { AppShell } from "./pages/app-shell";
import { expect, test } from "./support/fixtures";
import { GOOD_PASSWORD, uniqueEmail } from "./support/instance";

test("invite, accept, role change and deactivation, all in the audit log", async ({ page, ownerApi, newVisitor }) => {
  const projectA = await ownerApi.createProject("Team journey A");
  const projectB = await ownerApi.createProject("Team journey B");
  const email = uniqueEmail("ivan");
  const members = new AdminMembersPage(page);
  let link = "";

  await test.step("the owner invites Ivan to project A as a member, and copies the link", async () => {
    await page.goto("/admin/members");
    await members.expectLoaded();
    await page.getByRole("button", { name: "Invite", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Invite someone" });
    await dialog.getByLabel("Email").fill(email);
    await dialog.getByRole("checkbox", { name: projectA.name, exact: true }).check();
    await dialog.getByLabel(`Role in ${projectA.name}`).selectOption("member");
    await dialog.getByRole("button", { name: "Create invitation" }).click();
    const ready = page.getByRole("dialog", { name: "Invitation ready" });
    link = await ready.getByLabel("Invitation link").inputValue();
    expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
    await ready.getByRole("button", { name: "Done" }).click();
    await expect(page.getByRole("table", { name: "Pending invitations" }).getByRole("row").filter({ hasText: email })).toBeVisible();
  });

  const ivan = await newVisitor();
  const shell = new AppShell(ivan);

  await test.step("Ivan opens the link, sets his name and password, and lands in project A alone", async () => {
    await ivan.goto(link);
    await expect(ivan.getByRole("heading", { name: "Join Switchboard" })).toBeVisible();
    await expect(ivan.getByRole("list", { name: "Your projects" })).toHaveText(`${projectA.name} — member`);
    await ivan.getByLabel("Your name").fill("Ivan Invited");
    await ivan.getByLabel("Password", { exact: true }).fill(GOOD_PASSWORD);
    await ivan.getByLabel("Password again").fill(GOOD_PASSWORD);
    await ivan.getByRole("button", { name: "Create my account" }).click();
    await shell.expectProjectPage(projectA.name);
    await shell.openSwitcher();
    await shell.expectSwitcherToList([projectA.name], { canCreate: false });
    await ivan.keyboard.press("Escape");
  });

  await test.step("the link works only once", async () => {
    const again = await newVisitor();
    await again.goto(link);
    await expect(again.getByRole("heading", { name: "This invitation cannot be used" })).toBeVisible();
    await expect(again.getByRole("main").getByRole("alert")).toContainText("already accepted");
  });

  await test.step("Ivan cannot open admin pages or call admin routes, and project B does not exist for him", async () => {
    expect((await ivan.goto("/admin/members"))?.status()).toBe(403);
    expect((await ivan.request.get("/api/admin/users")).status()).toBe(403);
    expect((await ivan.request.get("/api/admin/audit")).status()).toBe(403);
    expect((await ivan.goto(`/${projectB.id}`))?.status()).toBe(404);
    expect((await ivan.request.get(`/api/projects/${projectB.id}`)).status()).toBe(404);
  });

  await test.step("the owner makes Ivan an admin and back; each change applies to his next request", async () => {
    await page.reload();
    const role = page.getByLabel("Instance role of Ivan Invited");
    await role.selectOption("admin");
    await expect.poll(async () => (await ivan.request.get("/api/admin/users")).status()).toBe(200);
    await role.selectOption("member");
    await expect.poll(async () => (await ivan.request.get("/api/admin/users")).status()).toBe(403);
  });

  let ivanKey = "";
  await test.step("the owner gives Ivan an API key for project A, and it works", async () => {
    const me = await (await ivan.request.get("/api/me")).json();
    ivanKey = await ownerApi.createApiKey(projectA.id, "Ivan's script", me.user.id);
    const models = await page.request.get("/v1/models", { headers: { authorization: `Bearer ${ivanKey}` } });
    expect(models.status()).toBe(200);
  });

  await test.step("the owner deactivates Ivan; his open session ends at once, and his key is refused", async () => {
    await ivan.goto(`/${projectA.id}`);
    await shell.expectProjectPage(projectA.name);
    await page.getByRole("button", { name: "Actions for Ivan Invited" }).click();
    await page.getByRole("menuitem", { name: "Deactivate" }).click();
    await page.getByRole("dialog", { name: "Deactivate Ivan Invited?" }).getByRole("button", { name: "Deactivate" }).click();
    await expect(members.row(email)).toContainText("deactivated");
    expect((await ivan.request.get("/api/me")).status()).toBe(401);
    await ivan.reload();
    await expect(ivan).toHaveURL(/\/sign-in/);
    // Keys are cached for a second at most.
    await expect
      .poll(async () => (await page.request.get("/v1/models", { headers: { authorization: `Bearer ${ivanKey}` } })).status())
      .toBe(401);
  });

  await test.step("the audit log, filtered to Ivan, shows every step, newest first", async () => {
    await page.goto("/admin/audit");
    await page.getByLabel("Target").fill(email);
    await page.getByRole("button", { name: "Filter" }).click();
    const rows = page.getByRole("table", { name: "Audit log" }).locator("tbody tr");
    await expect(rows.locator("td:nth-child(3)")).toHaveText([
      "user.deactivate",
      "user.role.update",
      "user.role.update",
      "auth.sign_in",
      "invitation.accept",
      "invitation.create",
    ]);
    await expect(rows.first()).toContainText("Ada Lovelace");
    const csv = await page.request.get(`/api/admin/audit?format=csv&target=${encodeURIComponent(email)}`);
    expect((await csv.text()).trim().split("\r\n")).toHaveLength(7);
  });
});
