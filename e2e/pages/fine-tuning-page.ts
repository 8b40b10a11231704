import { expect, type Locator, type Page } from "@playwright/test";

/** A project's fine-tuning pages: the jobs list, the create form and a job's page. */
export class FineTuningPage {
  readonly createLink: Locator;
  readonly baseModel: Locator;
  readonly trainingFile: Locator;
  readonly trainingUpload: Locator;
  readonly validationFile: Locator;
  readonly validationUpload: Locator;
  readonly trainingProblems: Locator;
  readonly submit: Locator;
  readonly lossChart: Locator;
  readonly events: Locator;
  readonly checkpoints: Locator;

  constructor(readonly page: Page) {
    this.createLink = page.getByRole("link", { name: "Create job" });
    this.baseModel = page.getByLabel("Base model");
    this.trainingFile = page.getByRole("combobox", { name: "Training file", exact: true });
    this.trainingUpload = page.getByLabel("Training file to upload");
    this.validationFile = page.getByRole("combobox", { name: "Validation file (optional)", exact: true });
    this.validationUpload = page.getByLabel("Validation file (optional) to upload");
    this.trainingProblems = page.getByRole("list", { name: "Problems in the training file" });
    this.submit = page.getByRole("button", { name: "Create job" });
    this.lossChart = page.getByRole("figure", { name: "Loss per step" });
    this.events = page.getByRole("log", { name: "Events" });
    this.checkpoints = page.getByRole("table", { name: "Checkpoints" });
  }

  async uploadTraining(name: string, lines: string[]) {
    await this.trainingFile.selectOption({ label: "Upload a new file…" });
    await this.trainingUpload.setInputFiles({ name, mimeType: "application/jsonl", buffer: Buffer.from(`${lines.join("\n")}\n`) });
  }

  async uploadValidation(name: string, lines: string[]) {
    await this.validationFile.selectOption({ label: "Upload a new file…" });
    await this.validationUpload.setInputFiles({ name, mimeType: "application/jsonl", buffer: Buffer.from(`${lines.join("\n")}\n`) });
  }

  async expectJobPage() {
    await expect(this.page).toHaveURL(/\/fine-tuning\/ftjob-/);
    await expect(this.page.getByRole("main").getByRole("heading", { level: 1 })).toHaveText(/^ftjob-/);
  }
}
