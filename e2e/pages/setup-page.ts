import { expect, type Locator, type Page } from "@playwright/test";

export interface SetupDetails {
  name: string;
  email: string;
  password: string;
  projectName: string;
}

export class SetupPage {
  readonly heading: Locator;
  readonly name: Locator;
  readonly email: Locator;
  readonly password: Locator;
  readonly projectName: Locator;
  readonly submit: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { name: "Set up Switchboard", level: 1 });
    this.name = page.getByLabel("Your name");
    this.email = page.getByLabel("Email");
    this.password = page.getByLabel("Password");
    this.projectName = page.getByLabel("First project");
    this.submit = page.getByRole("button", { name: "Create owner and project" });
  }

  async goto() {
    await this.page.goto("/setup");
    await expect(this.heading).toBeVisible();
  }

  async fill(details: SetupDetails) {
    await this.name.fill(details.name);
    await this.email.fill(details.email);
    await this.password.fill(details.password);
    await this.projectName.fill(details.projectName);
  }

  async createOwner(details: SetupDetails) {
    await this.fill(details);
    await this.submit.click();
  }
}
