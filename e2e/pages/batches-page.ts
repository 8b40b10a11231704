import { expect, type Locator, type Page } from "@playwright/test";

/** The batch workbench: the list, the new-batch form and a batch's page. */
export class BatchesPage {
  readonly form: Locator;
  readonly badLines: Locator;
  readonly createButton: Locator;

  constructor(readonly page: Page) {
    this.form = page.getByRole("form", { name: "New batch" });
    this.badLines = page.getByRole("list", { name: "Bad lines" });
    this.createButton = this.form.getByRole("button", { name: "Create batch" });
  }

  async openForm() {
    await this.page.getByRole("button", { name: "Create batch" }).click();
    await expect(this.form).toBeVisible();
  }

  async chooseFile(name: string, lines: unknown[]) {
    const text = lines.map((line) => JSON.stringify(line)).join("\n");
    await this.form
      .getByLabel("JSONL file", { exact: true })
      .setInputFiles({ name, mimeType: "application/jsonl", buffer: Buffer.from(text) });
  }

  status() {
    return this.page.getByRole("heading", { level: 1 }).locator("..").locator("span").first();
  }

  progress() {
    return this.page.getByRole("progressbar", { name: "Requests done" }).locator("..");
  }
}

export function chatLine(customId: string, text: string, extra: Record<string, unknown> = {}) {
  return {
    custom_id: customId,
    method: "POST",
    url: "/v1/chat/completions",
    body: { model: "sandbox-chat", messages: [{ role: "user", content: text }], ...extra },
  };
}
