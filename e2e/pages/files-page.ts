import { expect, type Locator, type Page } from "@playwright/test";

export type LocalFile = { name: string; mimeType: string; buffer: Buffer };

/** A project's Files page: the upload panel, the list, and a file's detail page. */
export class FilesPage {
  readonly picker: Locator;
  readonly dropZone: Locator;
  readonly queue: Locator;
  readonly table: Locator;
  readonly search: Locator;

  constructor(readonly page: Page) {
    this.picker = page.getByLabel("Choose files to upload");
    this.dropZone = page.getByRole("button", { name: /Drop files here/ });
    this.queue = page.getByRole("list", { name: "Files to upload" });
    this.table = page.getByRole("table", { name: "Files" });
    this.search = page.getByRole("searchbox", { name: "Search files by name" });
  }

  /** Opens the list; `partSize` is the developer option that sends larger files through the Uploads API. */
  async open(projectId: string, partSize?: number) {
    await this.page.goto(`/${projectId}/files${partSize ? `?partSize=${partSize}` : ""}`);
    await expect(this.page.getByRole("heading", { level: 1, name: "Files" })).toBeVisible();
  }

  async choose(files: LocalFile[]) {
    // The drop zone is a button that opens the picker; the chooser is answered as a person would.
    const chooser = this.page.waitForEvent("filechooser");
    await this.dropZone.click();
    await (await chooser).setFiles(files);
  }

  item(name: string): Locator {
    return this.queue.getByRole("listitem", { name, exact: true });
  }

  async setPurpose(name: string, purpose: string) {
    await this.page.getByRole("combobox", { name: `Purpose of ${name}`, exact: true }).selectOption(purpose);
  }

  uploadButton(): Locator {
    return this.page.getByRole("button", { name: /^Upload \d+ files?$/ });
  }

  row(name: string): Locator {
    return this.table.getByRole("row").filter({ has: this.page.getByRole("link", { name, exact: true }) });
  }
}

export function textFile(name: string, text: string, mimeType = "text/plain"): LocalFile {
  return { name, mimeType, buffer: Buffer.from(text) };
}
