import { expect, type Locator, type Page } from "@playwright/test";
import type { ProjectRole } from "./project-settings-page";

export interface NewMember {
  name: string;
  email: string;
  password: string;
  instanceRole?: "member" | "admin" | "owner";
  /** Project name → role in it; the projects left out are not granted. */
  projects?: Record<string, ProjectRole>;
}

/** Admin → Members (/admin/members): everyone with an account, and the "Add member" dialog. */
export class AdminMembersPage {
  readonly heading: Locator;
  readonly table: Locator;
  readonly addMemberButton: Locator;
  readonly dialog: AddMemberDialog;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { name: "Members", level: 1 });
    this.table = page.getByRole("table", { name: "Instance members" });
    this.addMemberButton = page.getByRole("button", { name: "Add member" });
    this.dialog = new AddMemberDialog(page);
  }

  async expectLoaded() {
    await expect(this.heading).toBeVisible();
    await expect(this.table).toBeVisible();
  }

  async openAddMember(): Promise<AddMemberDialog> {
    await this.addMemberButton.click();
    await expect(this.dialog.root).toBeVisible();
    return this.dialog;
  }

  row(email: string): Locator {
    return this.table.getByRole("row").filter({ hasText: email });
  }
}

export class AddMemberDialog {
  readonly root: Locator;
  readonly name: Locator;
  readonly email: Locator;
  readonly password: Locator;
  readonly instanceRole: Locator;
  readonly submit: Locator;
  readonly cancel: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByRole("dialog", { name: "Add a member" });
    this.name = this.root.getByLabel("Name", { exact: true });
    this.email = this.root.getByLabel("Email", { exact: true });
    this.password = this.root.getByLabel("First password");
    this.instanceRole = this.root.getByLabel("Instance role");
    this.submit = this.root.getByRole("button", { name: "Add member" });
    this.cancel = this.root.getByRole("button", { name: "Cancel" });
  }

  project(name: string): Locator {
    return this.root.getByRole("checkbox", { name, exact: true });
  }

  roleIn(projectName: string): Locator {
    return this.root.getByLabel(`Role in ${projectName}`);
  }

  async fill(member: NewMember) {
    await this.name.fill(member.name);
    await this.email.fill(member.email);
    await this.password.fill(member.password);
    if (member.instanceRole) await this.instanceRole.selectOption(member.instanceRole);
    for (const [projectName, role] of Object.entries(member.projects ?? {})) {
      await this.project(projectName).check();
      await this.roleIn(projectName).selectOption(role);
    }
  }

  async add(member: NewMember) {
    await this.fill(member);
    await this.submit.click();
    await expect(this.root).toBeHidden();
  }
}
