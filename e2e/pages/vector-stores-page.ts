import { expect, type Locator, type Page } from "@playwright/test";

export interface UploadFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

/** A project's Vector stores list and one store's page: files, adding them, the search tester. */
export class VectorStoresPage {
  readonly list: Locator;
  readonly files: Locator;
  readonly dialog: Locator;
  readonly results: Locator;

  constructor(readonly page: Page) {
    this.list = page.getByRole("table", { name: "Vector stores" });
    this.files = page.getByRole("table", { name: "Vector store files" });
    this.dialog = page.getByRole("dialog");
    this.results = page.getByRole("list", { name: "Search results" });
  }

  async expectListLoaded() {
    await expect(this.page.getByRole("heading", { level: 1, name: "Vector stores" })).toBeVisible();
    await expect(this.page.getByRole("button", { name: "Create vector store" }).first()).toBeVisible();
  }

  storeRow(name: string): Locator {
    return this.list.getByRole("row").filter({ has: this.page.getByRole("link", { name, exact: true }) });
  }

  async create(name: string) {
    await this.page.getByRole("button", { name: "Create vector store" }).first().click();
    await this.dialog.getByLabel("Name").fill(name);
    await this.dialog.getByRole("button", { name: "Create" }).click();
    await expect(this.page.getByRole("heading", { level: 1, name })).toBeVisible();
  }

  async uploadFiles(files: UploadFile[]) {
    await this.page.getByRole("button", { name: "Add files" }).click();
    await this.dialog.getByLabel("Upload new files").setInputFiles(files);
    await this.dialog.getByRole("button", { name: files.length === 1 ? "Add 1 file" : `Add ${files.length} files` }).click();
    await expect(this.dialog).toBeHidden();
  }

  fileRow(filename: string): Locator {
    return this.files.getByRole("row").filter({ hasText: filename });
  }

  async search(query: string) {
    const box = this.page.getByRole("searchbox", { name: "Search query" });
    await box.fill(query);
    await box.press("Enter");
    await expect(this.results).toBeVisible();
  }

  async removeFile(filename: string) {
    await this.fileRow(filename)
      .getByRole("button", { name: `Remove ${filename}` })
      .click();
    await this.dialog.getByRole("button", { name: "Remove" }).click();
    await expect(this.fileRow(filename)).toHaveCount(0);
  }

  async deleteStore() {
    await this.page.getByRole("button", { name: "Delete", exact: true }).click();
    await this.dialog.getByRole("button", { name: "Delete" }).click();
  }
}
