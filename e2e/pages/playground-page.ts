import { expect, type Locator, type Page } from "@playwright/test";

/** A project's playground: setup on the left, parameters on the right, the conversation in the middle. */
export class PlaygroundPage {
  readonly model: Locator;
  readonly message: Locator;
  readonly run: Locator;
  readonly stop: Locator;
  readonly conversation: Locator;
  readonly inProgress: Locator;
  readonly lastTurn: Locator;

  constructor(readonly page: Page) {
    this.model = page.getByRole("combobox", { name: "Model" });
    this.message = page.getByRole("textbox", { name: "Your message", exact: true });
    this.run = page.getByRole("button", { name: "Run" });
    this.stop = page.getByRole("button", { name: "Stop" });
    this.conversation = page.getByRole("list", { name: "Conversation" });
    this.inProgress = page.getByRole("listitem", { name: "Answer in progress" });
    this.lastTurn = page.getByRole("definition").locator("xpath=ancestor::dl[1]");
  }

  async goto(projectId: string) {
    await this.page.goto(`/${projectId}/playground`);
    await expect(this.page.getByRole("heading", { level: 1, name: "Playground" })).toBeVisible();
    await expect(this.model).toHaveValue(/sandbox-chat/);
  }

  api(label: "Responses" | "Chat Completions"): Locator {
    return this.page.getByRole("radio", { name: label });
  }

  /** Clicks the segment as a person does (the radio itself is visually hidden inside its label). */
  async chooseApi(label: "Responses" | "Chat Completions") {
    await this.page
      .locator("label")
      .filter({ has: this.api(label) })
      .click();
    await expect(this.api(label)).toBeChecked();
  }

  view(name: "Conversation" | "Compare" | "Raw" | "Code"): Locator {
    return this.page.getByRole("tab", { name, exact: true });
  }

  /** The text of the assistant's answer in message n, as rendered. */
  answer(n: number): Locator {
    return this.messageItem(n).locator(".markdown");
  }

  messageItem(n: number): Locator {
    return this.conversation.getByRole("listitem", { name: `Message ${n}`, exact: true });
  }

  stat(label: string): Locator {
    return this.page
      .getByLabel("Last turn")
      .locator("div")
      .filter({ has: this.page.getByText(label, { exact: true }) })
      .locator("dd");
  }
}
