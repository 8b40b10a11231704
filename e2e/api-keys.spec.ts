// Journey: a project admin creates an API key for an application, copies it once, the application
// calls the /v1 gateway with Node's openai package, the admin sees the key used, then revokes it and
// the application's next call is refused.
import OpenAI from "openai";
import { ApiKeysPage } from "./pages/api-keys-page";
import { AppShell } from "./pages/app-shell";
import { expect, test } from "./support/fixtures";
import { APP_URL } from "./support/instance";
import { expectTableFits } from "./support/layout";

test("a key is created, used by an OpenAI client, seen in use, and revoked", async ({ page, context, ownerApi }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const project = await ownerApi.createProject("Gateway journey");
  const keys = new ApiKeysPage(page);
  let secret = "";

  await test.step("API keys is in the project's settings, empty at first", async () => {
    await page.goto(`/${project.id}/settings`);
    await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "API keys" }).click();
    await expect(page.getByText("No API keys yet")).toBeVisible();
  });

  await test.step("on a short screen the form scrolls under its title and its buttons stay in view", async () => {
    const size = page.viewportSize();
    await page.setViewportSize({ width: 1280, height: 640 });
    await page.getByRole("button", { name: "Create key" }).first().click();
    await keys.createDialog.getByLabel("Permissions").selectOption({ label: "Only some endpoints…" });
    await expect(keys.createDialog.getByRole("button", { name: "Create key" })).toBeInViewport();
    await keys.createDialog.getByLabel("At the budget").scrollIntoViewIfNeeded();
    await expect(keys.createDialog.getByRole("heading", { name: "Create API key" })).toBeInViewport();
    await expect(keys.createDialog.getByRole("button", { name: "Create key" })).toBeInViewport();
    // The last field refused: its message shows above the buttons, not under them.
    await keys.createDialog.getByLabel("Name", { exact: true }).fill("Short screen");
    await keys.createDialog.getByLabel("Monthly budget (USD)").fill("two dollars");
    await keys.createDialog.getByRole("button", { name: "Create key" }).click();
    const message = keys.createDialog.getByText("Budget must be an amount in dollars");
    await expect(keys.createDialog.getByLabel("Monthly budget (USD)")).toBeFocused();
    await expect(async () => {
      const shown = await message.boundingBox();
      const footer = await keys.createDialog.getByRole("button", { name: "Cancel" }).locator("..").boundingBox();
      expect(shown && footer && shown.y + shown.height <= footer.y).toBe(true);
    }).toPass({ timeout: 5000 });
    await page.keyboard.press("Escape");
    if (size) await page.setViewportSize(size);
  });

  await test.step("a key without a name is refused beside the field, with the focus put there", async () => {
    await page.getByRole("button", { name: "Create key" }).first().click();
    // A cancelled form starts afresh: "Only some endpoints" chosen above is not kept.
    await expect(keys.createDialog.getByLabel("Permissions")).toHaveValue("all");
    await keys.createDialog.getByLabel("Requests per minute").fill("0");
    await keys.createDialog.getByRole("button", { name: "Create key" }).click();
    const name = keys.createDialog.getByLabel("Name", { exact: true });
    await expect(name).toBeFocused();
    await expect(name).toHaveAccessibleDescription("Name is required");
    await expect(keys.createDialog.getByLabel("Requests per minute")).toHaveAccessibleDescription(/at least 1/);
    // A mistyped model id is pointed out (not refused: an upstream may serve models it does not list).
    await keys.createDialog.getByLabel("Allowed models").fill("sandbox-chat, sandbox-chatt");
    await expect(keys.createDialog.getByLabel("Allowed models")).toHaveAccessibleDescription(
      "Not among this connection's models: sandbox-chatt. Calls naming them will be refused.",
    );
    await page.keyboard.press("Escape");
    await expect(keys.createDialog).toBeHidden();
  });

  await test.step("creating a key shows its secret once, with a copy button", async () => {
    await keys.create({
      name: "Checkout service",
      allowedModels: "sandbox-chat, sandbox-chat-mini",
      requestsPerMinute: "100",
      budget: "5",
    });
    secret = await keys.copySecret();
    expect(secret).toMatch(/^sk-sb-[0-9A-Za-z]{43}$/);
    await expect(keys.row("Checkout service")).toContainText(`…${secret.slice(-4)}`);
    await expect(keys.row("Checkout service")).toContainText("Never");
    await expect(keys.row("Checkout service")).toContainText("Active");
    await expect(page.getByText(secret)).toHaveCount(0);
  });

  const client = () => new OpenAI({ baseURL: `${APP_URL}/v1`, apiKey: secret, maxRetries: 0 });

  await test.step("the application calls the gateway with the openai package", async () => {
    const answer = await client().chat.completions.create({
      model: "sandbox-chat",
      messages: [{ role: "user", content: "Hello from checkout" }],
    });
    expect(answer.choices[0].message.content?.length).toBeGreaterThan(0);
    const models = await client().models.list();
    expect(models.data.map((m) => m.id).sort()).toEqual(["sandbox-chat", "sandbox-chat-mini"]);
  });

  await test.step("the list shows when the key was last used and its requests this month", async () => {
    // The figures arrive with the usage outbox's next write: reload until they show. Each attempt
    // waits for the list itself first, which a busy machine may take more than a second to show.
    await expect(async () => {
      await page.reload();
      await expect(keys.row("Checkout service")).toBeVisible();
      await expect(keys.row("Checkout service").getByTestId("last-used")).not.toHaveText("Never", { timeout: 1000 });
      await expect(keys.row("Checkout service")).toContainText("2 requests", { timeout: 1000 });
    }).toPass({ timeout: 30_000 });
    await expect(keys.row("Checkout service")).toContainText("of $5.00");
    // Every column, the actions included, fits beside the settings menu without scrolling sideways.
    // On a smaller laptop too, where the settings menu becomes a row above the page.
    await expectTableFits(page, keys.table, async () => {
      await expect(keys.row("Checkout service").getByRole("button", { name: "Revoke Checkout service" })).toBeInViewport();
    });
  });

  await test.step("editing the key's models keeps its secret and applies to the next call", async () => {
    await keys.row("Checkout service").getByRole("button", { name: "Edit Checkout service" }).click();
    const edit = page.getByRole("dialog", { name: "Edit “Checkout service”" });
    await expect(edit.getByLabel("Allowed models")).toHaveValue("sandbox-chat, sandbox-chat-mini");
    await expect(edit.getByLabel("Requests per minute")).toHaveValue("100");
    await expect(edit.getByLabel("Monthly budget (USD)")).toHaveValue("5");
    await edit.getByLabel("Allowed models").fill("sandbox-chat-mini");
    await edit.getByRole("button", { name: "Save changes" }).click();
    await expect(edit).toBeHidden();
    const refused = await client()
      .chat.completions.create({ model: "sandbox-chat", messages: [{ role: "user", content: "Hello again" }] })
      .then(
        () => null,
        (error: InstanceType<typeof OpenAI.APIError>) => error,
      );
    expect(refused?.status).toBe(403);
    expect(refused?.message).toContain("sandbox-chat");
    const answer = await client().chat.completions.create({ model: "sandbox-chat-mini", messages: [{ role: "user", content: "Hello" }] });
    expect(answer.model).toBe("sandbox-chat-mini");
  });

  await test.step("revoking asks first, then the next call is refused", async () => {
    await keys.row("Checkout service").getByRole("button", { name: "Revoke Checkout service" }).click();
    const confirm = page.getByRole("dialog", { name: "Revoke “Checkout service”?" });
    await expect(confirm).toContainText(`…${secret.slice(-4)}`);
    await confirm.getByRole("button", { name: "Revoke key" }).click();
    await expect(keys.row("Checkout service")).toContainText("Revoked");
    const refused = await client()
      .models.list()
      .then(
        () => null,
        (error: InstanceType<typeof OpenAI.APIError>) => error,
      );
    expect(refused?.status).toBe(401);
    expect(refused?.code).toBe("invalid_api_key");
  });

  await test.step("the project's audit log names the key in each of its changes, and fits the page", async () => {
    await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Audit log" }).click();
    // Beside the settings menu the filters wrap to rows rather than squeeze their placeholders away.
    expect((await page.getByLabel("Target").boundingBox())?.width).toBeGreaterThan(150);
    await page.getByLabel("Target").fill("Checkout service");
    await page.getByRole("button", { name: "Filter" }).click();
    const rows = page.getByRole("table", { name: "Audit log" }).locator("tbody tr");
    await expect(rows.locator("td:nth-child(3)")).toHaveText([
      "project.api_key.revoke",
      "project.api_key.update",
      "project.api_key.create",
    ]);
    await expect(rows.first()).toContainText(`Checkout service (sk-sb-…${secret.slice(-4)})`);
    const frame = page.getByRole("table", { name: "Audit log" }).locator("xpath=..");
    expect(await frame.evaluate((box) => box.scrollWidth - box.clientWidth)).toBeLessThanOrEqual(0);
  });

  await test.step("the shell still works: the project's pages are reachable", async () => {
    await new AppShell(page).projectNav.getByRole("link", { name: "Overview" }).click();
    await expect(page).toHaveURL(new RegExp(`/${project.id}$`));
  });
});
