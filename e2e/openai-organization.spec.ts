// Journey: an instance admin manages the sandbox's organization from Admin → OpenAI organization:
// gives a sandbox connection an admin key, creates an organization project, creates a service
// account whose key is shown once (and works), deletes that key (and it stops working), and
// lowers a model's rate limit.
import { expect, test } from "./support/fixtures";
import { APP_URL } from "./support/instance";

test("the sandbox organization: a project, a service account's key shown once, a key deleted, a rate limit edited", async ({
  page,
  ownerApi,
  request,
}) => {
  await ownerApi.createProject("Organization journey");
  await page.goto("/admin/openai");
  await expect(page.getByRole("heading", { name: "OpenAI organization", level: 1 })).toBeVisible();
  const picker = page.getByLabel("Organization reached through");
  const createAdminKey = page.getByRole("button", { name: "Create a sandbox admin key" });
  await expect(createAdminKey.or(picker)).toBeVisible();
  // A retried run finds the key the first attempt created.
  if (await createAdminKey.isVisible()) await createAdminKey.click();
  await expect(picker).toBeVisible();

  const name = `Org journey ${Date.now().toString(36)}`;
  await page.getByRole("button", { name: "New project" }).click();
  const newProject = page.getByRole("dialog", { name: "New organization project" });
  await newProject.getByLabel("Name").fill(name);
  await newProject.getByRole("button", { name: "Create project" }).click();
  await expect(newProject).toBeHidden();
  // The project's key list, read as the page opens, answers only after the service account exists
  // (as on a busy server): the page must still list the account's key, not the list read before.
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  let first = true;
  await page.route("**/api-keys", async (route) => {
    if (route.request().method() !== "GET" || !first) return route.continue();
    first = false;
    const response = await route.fetch();
    await held;
    await route.fulfill({ response });
  });
  await page.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();

  // A service account: its key is shown once, with a warning, and works against the sandbox.
  await page.getByRole("button", { name: "New service account" }).click();
  const newAccount = page.getByRole("dialog", { name: "New service account" });
  await newAccount.getByLabel("Name").fill("ci-bot");
  const created = page.waitForResponse((r) => r.url().endsWith("/service-accounts") && r.request().method() === "POST");
  await newAccount.getByRole("button", { name: "Create" }).click();
  expect((await created).status()).toBe(201);
  release();
  const once = page.getByRole("dialog", { name: "Key of ci-bot" });
  await expect(once.getByText("it will not be shown again")).toBeVisible();
  const key = await once.getByLabel("Secret key").inputValue();
  expect(key).toMatch(/^sk-sandbox-/);
  const models = `${APP_URL}/sandbox/v1/models`;
  expect((await request.get(models, { headers: { authorization: `Bearer ${key}` } })).status()).toBe(200);
  await once.getByRole("button", { name: "Done" }).click();
  await expect(once).toBeHidden();
  await expect(page.getByRole("table", { name: "Service accounts" })).toContainText("ci-bot");
  expect(await page.content()).not.toContain(key);

  // Its key is among the project's keys, with its owner; deleting it (after a confirmation) revokes it.
  const keys = page.getByRole("table", { name: "API keys" });
  await expect(keys).toContainText("ci-bot (service account)");
  await expect(keys).toContainText(key.slice(-4));
  await keys.getByRole("button", { name: /^Delete key/ }).click();
  const confirm = page.getByRole("dialog", { name: "Delete this key?" });
  await expect(confirm).toContainText("stops working at once");
  await confirm.getByRole("button", { name: "Delete key" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByText("No API keys.")).toBeVisible();
  expect((await request.get(models, { headers: { authorization: `Bearer ${key}` } })).status()).toBe(401);

  // A rate limit: above the organization's is refused in words, a lower one is kept.
  const chatRow = page.getByRole("row").filter({ has: page.getByRole("cell", { name: "sandbox-chat", exact: true }) });
  await page.getByRole("button", { name: "Edit limits of sandbox-chat", exact: true }).click();
  const limits = page.getByRole("dialog", { name: "Rate limits of sandbox-chat", exact: true });
  await limits.getByLabel("Requests per minute").fill("999999");
  await limits.getByRole("button", { name: "Save limits" }).click();
  await expect(limits.getByRole("alert")).toContainText("cannot exceed the organization's limit");
  await limits.getByLabel("Requests per minute").fill("120");
  await limits.getByRole("button", { name: "Save limits" }).click();
  await expect(limits).toBeHidden();
  await expect(chatRow).toContainText("120");
  await page.reload();
  await expect(chatRow).toContainText("120");
});
