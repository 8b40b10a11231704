import { expect, type Locator, type Page } from "@playwright/test";

/** Project settings → API keys: the list, the create form, the secret shown once, roll and revoke. */
export class ApiKeysPage {
  readonly table: Locator;
  readonly createDialog: Locator;
  readonly secretField: Locator;

  constructor(readonly page: Page) {
    this.table = page.getByRole("table", { name: "API keys" });
    this.createDialog = page.getByRole("dialog", { name: "Create API key" });
    this.secretField = page.getByRole("textbox", { name: "New API key" });
  }

  async open(projectId: string) {
    await this.page.goto(`/${projectId}/settings/keys`);
    await expect(this.page.getByRole("heading", { name: "API keys" })).toBeVisible();
  }

  row(name: string): Locator {
    return this.table.getByRole("row").filter({ hasText: name });
  }

  async create(fields: { name: string; allowedModels?: string; requestsPerMinute?: string; budget?: string }) {
    await this.page.getByRole("button", { name: "Create key" }).first().click();
    await expect(this.createDialog).toBeVisible();
    await this.createDialog.getByLabel("Name", { exact: true }).fill(fields.name);
    if (fields.allowedModels) await this.createDialog.getByLabel("Allowed models").fill(fields.allowedModels);
    if (fields.requestsPerMinute) await this.createDialog.getByLabel("Requests per minute").fill(fields.requestsPerMinute);
    if (fields.budget) await this.createDialog.getByLabel("Monthly budget (USD)").fill(fields.budget);
    await this.createDialog.getByRole("button", { name: "Create key" }).click();
  }

  /** Copies the secret with the dialog's button and reads it back from the clipboard. */
  async copySecret(): Promise<string> {
    const dialog = this.page.getByRole("dialog", { name: /created|New secret/ });
    await expect(dialog).toContainText("shown only once");
    await dialog.getByRole("button", { name: "Copy" }).click();
    await expect(dialog.getByRole("button", { name: "Copied" })).toBeVisible();
    const secret = await this.page.evaluate(() => navigator.clipboard.readText());
    await expect(this.secretField).toHaveValue(secret);
    await dialog.getByRole("button", { name: "Done" }).click();
    await expect(dialog).toBeHidden();
    return secret;
  }
}
