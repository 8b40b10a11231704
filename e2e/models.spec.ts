// Journey: a member looks up what the project's upstream offers. The page asks the upstream through
// the console proxy with the official SDK, so this also proves the browser's path to the API.
import { AppShell } from "./pages/app-shell";
import { ModelsPage } from "./pages/models-page";
import { expect, test } from "./support/fixtures";

test("the Models page lists the sandbox's models, labelled, and narrows them as you type", async ({ page, ownerApi }) => {
  const project = await ownerApi.createProject("Model browser");
  const shell = new AppShell(page);
  const models = new ModelsPage(page);

  await test.step("Models is in the project's navigation and lists the sandbox's models", async () => {
    await page.goto(`/${project.id}`);
    await shell.projectNav.getByRole("link", { name: "Models" }).click();
    await models.expectLoaded();
    for (const id of ["sandbox-chat", "sandbox-chat-mini", "sandbox-reasoning", "sandbox-embed-small"]) {
      await expect(models.row(id)).toBeVisible();
      await expect(models.row(id)).toContainText("Sandbox");
    }
    await expect(models.count).toHaveText("4 models");
  });

  await test.step("typing narrows the list, and a search with no match says so", async () => {
    await models.search.fill("embed");
    await expect(models.count).toHaveText("1 of 4 models");
    await expect(models.row("sandbox-embed-small")).toBeVisible();
    await expect(models.row("sandbox-chat")).toHaveCount(0);
    await models.search.fill("gpt-9");
    await expect(page.getByText("No model matches")).toBeVisible();
  });
});
