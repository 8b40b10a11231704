// Journey: a project runs on a real key, and nothing the browser receives — pages, API answers,
// proxy answers, error messages, the client bundle — ever contains it.
import fs from "node:fs";
import path from "node:path";
import { ConnectionPage } from "./pages/connection-page";
import { ModelsPage } from "./pages/models-page";
import { expect, test } from "./support/fixtures";

function canary(label: string): string {
  return `sk-${label}-canary-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 14)}`;
}

test("an upstream key and admin key reach no page, response, error or bundle", async ({ page, ownerApi }) => {
  const apiKey = canary("api");
  const adminKey = canary("admin");
  const project = await ownerApi.createProject("Canary project");
  await ownerApi.setConnection(project.id, { kind: "openai", apiKey, adminKey });

  const bodies: string[] = [];
  page.on("response", async (response) => {
    const type = response.headers()["content-type"] ?? "";
    if (!/json|text|javascript|event-stream|html/.test(type)) return;
    const headers = JSON.stringify(response.headers());
    const body = await response.text().catch(() => "");
    bodies.push(`${response.url()}\n${headers}\n${body}`);
  });

  await test.step("the overview, the connection page and a failing test show the key masked at most", async () => {
    await page.goto(`/${project.id}`);
    await expect(page.getByRole("main")).toContainText("OpenAI");
    const connection = new ConnectionPage(page);
    await page.goto(`/${project.id}/settings/connection`);
    await expect(connection.heading).toBeVisible();
    await expect(connection.apiKey).toHaveValue(`sk-api-…${apiKey.slice(-4)}`);
    await connection.test();
    await expect(connection.testFailed).toBeVisible();
  });

  await test.step("the Models page, asking the upstream through the proxy, fails in words", async () => {
    await page.goto(`/${project.id}/models`);
    await expect(page.getByText(/The upstream did not list its models/)).toBeVisible({ timeout: 30_000 });
    await new ModelsPage(page).expectNoTable();
  });

  await test.step("no response, page or file of the client bundle contains either key", async () => {
    bodies.push(await page.content());
    expect(bodies.length).toBeGreaterThan(5);
    for (const body of bodies) {
      for (const key of [apiKey, adminKey]) expect(body).not.toContain(key.slice(3, -4));
    }
    const staticDir = path.join(process.cwd(), ".next", "static");
    expect(fs.existsSync(staticDir)).toBe(true);
    const files = fs.readdirSync(staticDir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const text = fs.readFileSync(path.join(file.parentPath, file.name), "latin1");
      expect(text.includes(apiKey) || text.includes(adminKey), file.name).toBe(false);
    }
  });
});
