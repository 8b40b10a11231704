// Journey: a project admin points a project at a real upstream and back to the sandbox, and is told
// in words what the URL guard refused and why the upstream could not be reached.
import { ConnectionPage } from "./pages/connection-page";
import { expect, test } from "./support/fixtures";

const MADE_UP_KEY = "sk-madeup-e2e-0000000000000000wxyz";

test("the owner tests the sandbox, is refused a metadata address, saves an OpenAI key and goes back to the sandbox", async ({
  page,
  ownerApi,
}) => {
  const project = await ownerApi.createProject("Connection journey");
  const connection = new ConnectionPage(page);

  await test.step("the owner opens Settings → API connection", async () => {
    await page.goto(`/${project.id}`);
    await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Settings" }).click();
    await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "API connection" }).click();
    await expect(connection.heading).toBeVisible();
    await expect(connection.kind("Sandbox")).toBeChecked();
  });

  await test.step("testing the sandbox lists its models and what it offers", async () => {
    await connection.test();
    await expect(connection.testPassed).toContainText(/Connected\. \d+ models, answered in \d+ ms\./);
    await expect(connection.models).toContainText("sandbox-chat");
    await expect(connection.capability("Files")).toContainText("available");
    await expect(connection.capability("Vector stores")).toContainText("available");
    await expect(connection.capability("Batches")).toContainText("available");
  });

  await test.step("a cloud metadata address is refused on the field", async () => {
    await connection.choose("OpenAI-compatible");
    await connection.baseUrl.fill("http://169.254.169.254/v1");
    await connection.save.click();
    await expect(connection.baseUrl).toHaveAccessibleDescription(/169\.254\.169\.254 is a cloud metadata address .* never allowed/);
    await expect(connection.baseUrl).toHaveAttribute("aria-invalid", "true");
  });

  await test.step("OpenAI with a key: saved, shown masked, and the test says the name did not resolve", async () => {
    await connection.choose("OpenAI");
    await expect(connection.baseUrl).toHaveValue("");
    await connection.apiKey.fill(MADE_UP_KEY);
    await connection.saveAndExpectSaved();
    await expect(connection.apiKey).toHaveValue("sk-madeup-…wxyz");
    await expect(page.getByRole("button", { name: "Replace API key" })).toBeVisible();
    await expect(page.locator("body")).not.toContainText("0000000000000000");

    await connection.test();
    await expect(connection.testFailed).toContainText(
      "The upstream's host name could not be resolved: the DNS lookup of api.openai.com failed.",
    );
  });

  await test.step("back to the sandbox, and the test passes", async () => {
    await connection.choose("Sandbox");
    await connection.saveAndExpectSaved();
    await connection.test();
    await expect(connection.testPassed).toBeVisible();
    await expect(connection.capability("Files")).toContainText("available");
    await expect(connection.capability("Fine-tuning")).toContainText("available");
  });

  await test.step("the overview shows the sandbox again", async () => {
    await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Overview" }).click();
    await expect(page.getByText("offline, not a real model")).toBeVisible();
    await expect(page.getByRole("link", { name: "Change connection" })).toBeVisible();
  });
});
