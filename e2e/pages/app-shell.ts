import { expect, type Locator, type Page } from "@playwright/test";

/** The frame around every signed-in page: sidebar with the project switcher, header with the account menu. */
export class AppShell {
  readonly heading: Locator;
  readonly switcher: Locator;
  readonly switcherMenu: Locator;
  readonly projectNav: Locator;
  readonly adminLink: Locator;
  readonly account: Locator;
  readonly accountMenu: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("main").getByRole("heading", { level: 1 });
    this.switcher = page.getByRole("button", { name: "Switch project" });
    this.switcherMenu = page.getByRole("menu", { name: "Switch project" });
    this.projectNav = page.getByRole("navigation", { name: "Project" });
    this.adminLink = page.getByRole("navigation", { name: "Instance" }).getByRole("link", { name: "Admin" });
    this.account = page.getByRole("button", { name: "Account" });
    this.accountMenu = page.getByRole("menu", { name: "Account" });
  }

  /** The switcher's entry for a project. */
  projectItem(name: string): Locator {
    return this.switcherMenu.getByRole("menuitem", { name, exact: true });
  }

  get newProjectItem(): Locator {
    return this.switcherMenu.getByRole("menuitem", { name: "+ New project" });
  }

  /** The open switcher lists exactly these projects, in this order, and offers "+ New project" or not. */
  async expectSwitcherToList(projects: string[], options: { canCreate: boolean }) {
    const items = options.canCreate ? [...projects, "+ New project"] : projects;
    await expect(this.switcherMenu).toMatchAriaSnapshot(
      ['- menu "Switch project":', "  - /children: equal", ...items.map((name) => `  - menuitem ${JSON.stringify(name)}`)].join("\n"),
    );
  }

  async expectProjectPage(name: string) {
    await expect(this.page).toHaveURL((url) => url.pathname.split("/").filter(Boolean).length === 1);
    await expect(this.heading).toHaveText(name);
    await expect(this.switcher).toContainText(name);
  }

  /** The id of the project page being shown (its first path segment). */
  currentProjectId(): string {
    return new URL(this.page.url()).pathname.split("/")[1];
  }

  async openSwitcher() {
    await this.switcher.click();
    await expect(this.switcherMenu).toBeVisible();
  }

  async createProject(name: string) {
    await this.openSwitcher();
    await this.newProjectItem.click();
    const dialog = this.page.getByRole("dialog", { name: "New project" });
    await dialog.getByLabel("Name").fill(name);
    await dialog.getByRole("button", { name: "Create project" }).click();
    await expect(dialog).toBeHidden();
    await this.expectProjectPage(name);
  }

  /** Signs out and expects the sign-in page at the address the person was using. */
  async signOut() {
    const origin = new URL(this.page.url()).origin;
    await this.account.click();
    await this.accountMenu.getByRole("menuitem", { name: "Sign out" }).click();
    await expect(this.page).toHaveURL(`${origin}/sign-in`);
  }
}
