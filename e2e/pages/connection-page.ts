import { expect, type Locator, type Page } from "@playwright/test";

export type UpstreamKindLabel = "Sandbox" | "OpenAI" | "Azure OpenAI" | "OpenAI-compatible";

/** /{projectId}/settings/connection: the project's upstream, its keys, and "Test connection". */
export class ConnectionPage {
  readonly heading: Locator;
  readonly baseUrl: Locator;
  readonly apiKey: Locator;
  readonly save: Locator;
  readonly saved: Locator;
  readonly testButton: Locator;
  readonly testPassed: Locator;
  readonly testFailed: Locator;
  readonly models: Locator;
  readonly capabilities: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { name: "API connection", level: 2 });
    this.baseUrl = page.getByLabel("Base URL");
    this.apiKey = page.getByLabel("API key", { exact: true });
    this.save = page.getByRole("button", { name: "Save connection" });
    this.saved = page.getByRole("status").filter({ hasText: "Saved." });
    this.testButton = page.getByRole("button", { name: "Test connection" });
    this.testPassed = page.getByRole("status").filter({ hasText: "Connected." });
    this.testFailed = page.getByRole("alert").filter({ hasText: "The test failed." });
    this.models = page.getByRole("list", { name: "Models" });
    this.capabilities = page.getByRole("list", { name: "Capabilities" });
  }

  kind(label: UpstreamKindLabel): Locator {
    return this.page.getByRole("radio", { name: label, exact: true });
  }

  /** The status badge next to a capability ("available", "not offered by this upstream", "unknown"). */
  capability(label: string): Locator {
    return this.capabilities.getByRole("listitem").filter({ hasText: label });
  }

  async choose(label: UpstreamKindLabel) {
    await this.kind(label).check();
    await expect(this.kind(label)).toBeChecked();
  }

  async saveAndExpectSaved() {
    await this.save.click();
    await expect(this.saved).toBeVisible();
  }

  async test() {
    await this.testButton.click();
    await expect(this.testPassed.or(this.testFailed)).toBeVisible({ timeout: 40_000 });
  }
}
