import { expect, type Locator, type Page, type Response } from "@playwright/test";

export type ProjectRole = "admin" | "member" | "viewer";

/** /{projectId}/settings (General) and /{projectId}/settings/members. */
export class ProjectSettingsPage {
  readonly heading: Locator;
  readonly projectName: Locator;
  readonly slug: Locator;
  readonly save: Locator;
  readonly membersTable: Locator;
  readonly newMemberEmail: Locator;
  readonly newMemberRole: Locator;
  readonly addMemberButton: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { name: "Project settings", level: 1 });
    this.projectName = page.getByLabel("Project name");
    this.slug = page.getByLabel("Slug");
    this.save = page.getByRole("button", { name: "Save changes" });
    this.membersTable = page.getByRole("table", { name: "Project members" });
    this.newMemberEmail = page.getByLabel("Email");
    this.newMemberRole = page.getByLabel("Role", { exact: true });
    this.addMemberButton = page.getByRole("button", { name: "Add member" });
  }

  /** Opens General settings; the response tells whether the page was allowed at all. */
  async goto(projectId: string): Promise<Response | null> {
    return this.page.goto(`/${projectId}/settings`);
  }

  async gotoMembers(projectId: string) {
    await this.page.goto(`/${projectId}/settings/members`);
    await expect(this.heading).toBeVisible();
    await expect(this.membersTable).toBeVisible();
  }

  async rename(name: string) {
    await this.projectName.fill(name);
    await this.save.click();
  }

  async addMember(email: string, role: ProjectRole) {
    await this.newMemberEmail.fill(email);
    await this.newMemberRole.selectOption(role);
    await this.addMemberButton.click();
  }

  memberRow(email: string): Locator {
    return this.membersTable.getByRole("row").filter({ hasText: email });
  }

  /** The role picker of a member (shown to project admins). */
  roleOf(name: string): Locator {
    return this.page.getByLabel(`Role of ${name}`);
  }
}
