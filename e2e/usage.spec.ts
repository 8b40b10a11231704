// Journey: the owner looks at what a project spent — calls from the playground and from an
// application with a project API key show up in the request log and the usage charts, grouping and
// time zone change the view, the CSV export adds up, and the comparison with the sandbox's own bill
// flags a price that is wrong.
import fs from "node:fs";
import OpenAI from "openai";
import { expect, test } from "./support/fixtures";
import { APP_URL, OWNER } from "./support/instance";
import { expectTableFits } from "./support/layout";

test("usage, logs, CSV export and the upstream's bill", async ({ page, ownerApi }) => {
  const project = await ownerApi.createProject("Spend watch");
  const call = async (input: string, model = "sandbox-chat") => {
    // The same call the playground makes, through the console proxy with the owner's session.
    const response = await page.request.post(`/api/projects/${project.id}/openai/v1/responses`, {
      data: { model, input },
      headers: { origin: APP_URL },
    });
    expect(response.status(), await response.text()).toBe(200);
  };
  await page.goto(`/${project.id}`);
  for (const input of ["first question", "second question", "third question"]) await call(input);

  // An application's call through the /v1 gateway, with a project API key (the owner's).
  const me = await ownerApi.get<{ user: { id: string } }>("/api/me");
  const secret = await ownerApi.createApiKey(project.id, "Nightly report", me.user.id);
  const keyLabel = `Nightly report (…${secret.slice(-4)})`;
  const gateway = new OpenAI({ baseURL: `${APP_URL}/v1`, apiKey: secret, maxRetries: 0 });
  const answer = await gateway.chat.completions.create({
    model: "sandbox-chat",
    messages: [{ role: "user", content: "Summarise last night's orders" }],
  });
  expect(answer.usage?.total_tokens).toBeGreaterThan(0);

  await test.step("the request log lists the four calls, the application's under its key, with a detail view", async () => {
    await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Logs" }).click();
    await expect(page).toHaveURL(new RegExp(`/${project.id}/logs`));
    const rows = page.getByRole("table", { name: "Request log" }).locator("tbody tr");
    // Usage is written a moment after a call ends.
    await expect(async () => {
      await page.reload();
      await expect(rows).toHaveCount(4, { timeout: 3000 });
    }).toPass({ timeout: 20_000 });
    const fromKey = rows.filter({ hasText: keyLabel });
    await expect(fromKey).toHaveCount(1);
    await expect(fromKey).toContainText("/chat/completions");
    await expect(fromKey).toContainText("sandbox-chat");
    // The log fits beside the sidebar without scrolling sideways; on a 1024 px screen it keeps the
    // cost and leaves tokens and latency to the detail view.
    const log = page.getByRole("table", { name: "Request log" });
    await expectTableFits(page, log, async (width) => {
      await expect(log.getByRole("columnheader", { name: "Cost" })).toBeInViewport();
      if (width === 1280) await expect(log.getByRole("columnheader", { name: "Tokens" })).toBeVisible();
      else await expect(log.getByRole("columnheader", { name: "Tokens" })).toBeHidden();
    });
    const fromPlayground = rows.filter({ hasText: "/responses" });
    await expect(fromPlayground).toHaveCount(3);
    await fromPlayground.first().getByRole("button").click();
    const dialog = page.getByRole("dialog", { name: "Request" });
    await expect(dialog).toContainText("POST /responses");
    await expect(dialog).toContainText("No bodies were kept");
    await page.keyboard.press("Escape");
  });

  await test.step("the usage page charts them and the table adds up", async () => {
    await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Usage" }).click();
    await expect(page.getByRole("img", { name: "Cost per day" })).toBeVisible();
    const table = page.getByRole("table", { name: "Usage by group" });
    await expect(table.locator("tbody tr").first()).toContainText("sandbox-chat");
    await expectTableFits(page, table, async () => {
      await expect(table.getByRole("columnheader", { name: "Cost" })).toBeInViewport();
    });
    await expect(table.locator("tbody tr").first().locator("td").nth(1)).toHaveText("4");
  });

  await test.step("grouping by API key shows the key by its name, apart from the console's calls", async () => {
    await page.getByLabel("Group by").selectOption("key");
    const table = page.getByRole("table", { name: "Usage by group" });
    await expect(
      table
        .getByRole("row", { name: new RegExp(escapeRegExp(keyLabel)) })
        .locator("td")
        .nth(1),
    ).toHaveText("1");
    await expect(
      table
        .getByRole("row", { name: /Console \(no key\)/ })
        .locator("td")
        .nth(1),
    ).toHaveText("3");
    await expect(page.getByRole("img", { name: "Cost per day" })).toContainText(keyLabel);
  });

  await test.step("grouping by person and switching to UTC", async () => {
    await page.getByLabel("Group by").selectOption("user");
    const table = page.getByRole("table", { name: "Usage by group" });
    await expect(
      table
        .getByRole("row", { name: new RegExp(OWNER.name) })
        .locator("td")
        .nth(1),
    ).toHaveText("3");
    await page.getByRole("radio", { name: "UTC" }).click();
    await expect(page.getByRole("radio", { name: "UTC" })).toHaveAttribute("aria-checked", "true");
    await expect(page.getByText("Days run midnight to midnight in UTC")).toBeVisible();
  });

  await test.step("the CSV export holds what is shown, and its lines add up to its total", async () => {
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export CSV" }).click();
    const csv = fs
      .readFileSync(await (await download).path(), "utf8")
      .trim()
      .split("\r\n");
    expect(csv[0]).toBe("Person,Requests,Errors,Input tokens,Cached tokens,Output tokens,Reasoning tokens,Cost (USD),Unpriced requests");
    const rows = csv.slice(1, -1).map((line) => line.split(","));
    const total = csv[csv.length - 1].split(",");
    expect(total[0]).toBe("Total");
    for (const column of [1, 3, 5]) expect(rows.reduce((sum, row) => sum + Number(row[column]), 0)).toBe(Number(total[column]));
    expect(Number(total[1])).toBe(4);
    expect(Number(total[7])).toBeGreaterThan(0);
  });

  await test.step("our figures match the sandbox's bill, until a price is wrong", async () => {
    await page.getByRole("button", { name: "Compare" }).click();
    const reconciliation = page.getByRole("table", { name: "Reconciliation" });
    await expect(reconciliation.getByRole("row", { name: /sandbox-chat/ })).toContainText("matches");

    await page.goto("/admin/prices");
    // sandbox-chat-mini, which no other journey counts the cost of.
    await page.getByRole("button", { name: "Change the price of sandbox-chat-mini" }).click();
    const dialog = page.getByRole("dialog", { name: "Price of sandbox-chat-mini" });
    await dialog.getByLabel("Input, USD per 1M tokens", { exact: true }).fill("4");
    await dialog.getByRole("button", { name: "Save price" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("row", { name: /sandbox-chat-mini/ }).first()).toContainText("$4");

    await call("a call at the new price", "sandbox-chat-mini");
    await page.goto(`/${project.id}/usage`);
    await page.getByRole("button", { name: "Compare" }).click();
    await expect(reconciliation.getByRole("row", { name: /sandbox-chat-mini/ })).toContainText("price differs");
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
