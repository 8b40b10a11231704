import { expect, type Locator, type Page } from "@playwright/test";

/** A project's Models page: what the upstream lists, searchable. */
export class ModelsPage {
  readonly table: Locator;
  readonly search: Locator;
  readonly count: Locator;

  constructor(readonly page: Page) {
    this.table = page.getByRole("table", { name: "Models" });
    this.search = page.getByRole("searchbox", { name: "Search models" });
    this.count = page.getByText(/\d+( of \d+)? models$/);
  }

  async expectLoaded() {
    await expect(this.page.getByRole("heading", { level: 1, name: "Models" })).toBeVisible();
    await expect(this.table).toBeVisible();
  }

  /** The row of exactly this model (sandbox-chat, not also sandbox-chat-mini). */
  row(modelId: string): Locator {
    return this.table.getByRole("row").filter({ has: this.page.getByText(modelId, { exact: true }) });
  }

  async expectNoTable() {
    await expect(this.table).toHaveCount(0);
  }
}
