import { expect, type Locator, type Page } from "@playwright/test";

export class SignInPage {
  readonly heading: Locator;
  readonly email: Locator;
  readonly password: Locator;
  readonly submit: Locator;
  /** The form's error banner (scoped to the page's main, so Next's route announcer never matches). */
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { name: "Sign in", level: 1 });
    this.email = page.getByLabel("Email");
    this.password = page.getByLabel("Password");
    this.submit = page.getByRole("button", { name: "Sign in" });
    this.error = page.getByRole("main").getByRole("alert");
  }

  async goto() {
    await this.page.goto("/sign-in");
    await expect(this.heading).toBeVisible();
  }

  /** Types the credentials, presses the button and waits for the server's answer. */
  async signIn(email: string, password: string) {
    await this.email.fill(email);
    await this.password.fill(password);
    await this.submitAndWaitForAnswer(() => this.submit.click());
  }

  /** Runs an action that submits the form (a click, a key press) and waits until the server answered. */
  async submitAndWaitForAnswer(submit: () => Promise<void>) {
    const answer = this.page.waitForResponse((response) => response.url().includes("/api/auth/callback/credentials"));
    await submit();
    await answer;
  }
}
