// Journey: a member checks a batch file in the browser (a duplicate custom_id is refused, naming
// both lines), submits a 20-line batch of which 3 lines ask more of the model than it allows,
// watches it run, reads every result, retries the failed lines as a new batch, and cancels a
// batch while it runs. The pages talk to the sandbox's /batches through the console proxy.
import { AppShell } from "./pages/app-shell";
import { BatchesPage, chatLine } from "./pages/batches-page";
import { expect, test } from "./support/fixtures";
import { expectTableFits } from "./support/layout";

const TOO_LONG = { max_completion_tokens: 10_000_000 };

test("a batch is checked, run, read and its failed lines retried; another is cancelled", async ({ page, ownerApi }) => {
  test.setTimeout(180_000);
  const project = await ownerApi.createProject("Batch journey");
  const shell = new AppShell(page);
  const batches = new BatchesPage(page);

  await test.step("Batches is in the project's navigation", async () => {
    await page.goto(`/${project.id}`);
    await shell.projectNav.getByRole("link", { name: "Batches" }).click();
    await expect(page.getByRole("heading", { name: "Batches", level: 1 })).toBeVisible();
  });

  await test.step("a file with a duplicate custom_id is refused in the browser, naming both lines", async () => {
    await batches.openForm();
    await batches.chooseFile("dup.jsonl", [chatLine("a", "one"), chatLine("b", "two"), chatLine("a", "three")]);
    await expect(batches.badLines).toContainText('Line 3: custom_id "a" is also on line 1');
    await expect(batches.createButton).toBeDisabled();
  });

  let firstBatchUrl = "";
  await test.step("a 20-line file is checked, priced and submitted", async () => {
    const lines = Array.from({ length: 20 }, (_, i) =>
      chatLine(`req-${i + 1}`, `Write a haiku about the number ${i + 1}`, [4, 9, 15].includes(i) ? TOO_LONG : {}),
    );
    await batches.chooseFile("haiku.jsonl", lines);
    await expect(page.getByTestId("check-requests")).toHaveText("20");
    await expect(batches.badLines).toHaveCount(0);
    await expect(page.getByTestId("check-cost")).toContainText(/Estimated cost at the batch rate \(50% off\): \$/);
    await batches.form.getByRole("button", { name: "Add metadata" }).click();
    await batches.form.getByLabel("Metadata key 1").fill("purpose");
    await batches.form.getByLabel("Metadata value 1").fill("haiku");
    await batches.createButton.click();
    await expect(page).toHaveURL(/\/batches\/batch_/);
    firstBatchUrl = page.url();
  });

  await test.step("its progress is followed until it completes: 17 done, 3 failed", async () => {
    await expect(page.getByRole("progressbar", { name: "Requests done" })).toBeVisible();
    await expect(page.getByText("17 completed, 3 failed of 20")).toBeVisible({ timeout: 60_000 });
    await expect(page.getByText("completed", { exact: true })).toBeVisible();
    await expect(page.getByRole("list", { name: "Timeline" })).toContainText("Finalizing");
  });

  await test.step("the results viewer shows all 20, the failed ones with the model's reason", async () => {
    await expect(page.getByTestId("results-count")).toHaveText("20 of 20 requests", { timeout: 30_000 });
    await page.getByLabel("Result status").selectOption("failed");
    await expect(page.getByTestId("results-count")).toHaveText("3 of 20 requests");
    await page.getByRole("button", { name: "req-5", exact: true }).click();
    await expect(page.getByText(/max_completion_tokens/).first()).toBeVisible();
    await page.getByLabel("Result status").selectOption("");
    await page.getByLabel("Search results").fill("req-12");
    await expect(page.getByTestId("results-count")).toHaveText("1 of 20 requests");
  });

  await test.step("retrying the failed lines makes a new batch of exactly those 3", async () => {
    await page.getByRole("button", { name: "Retry 3 failed lines" }).click();
    await expect(page).not.toHaveURL(firstBatchUrl);
    await expect(page).toHaveURL(/\/batches\/batch_/);
    await expect(page.getByText(/of 3$/)).toBeVisible({ timeout: 60_000 });
    await expect(page.getByText("0 completed, 3 failed of 3")).toBeVisible({ timeout: 60_000 });
  });

  await test.step("a running batch is cancelled", async () => {
    await page.goto(`/${project.id}/batches`);
    await batches.openForm();
    const lines = Array.from({ length: 300 }, (_, i) => chatLine(`long-${i + 1}`, `Line ${i + 1}`));
    await batches.chooseFile("long.jsonl", lines);
    await expect(page.getByTestId("check-requests")).toHaveText("300");
    await batches.createButton.click();
    await expect(page).toHaveURL(/\/batches\/batch_/);
    await expect(page.getByText(/completed, 0 failed of 300/)).toBeVisible({ timeout: 30_000 });
    await page.getByRole("button", { name: "Cancel batch" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Cancel batch" }).click();
    await expect(page.getByText("cancelled", { exact: true })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole("list", { name: "Timeline" })).toContainText("Cancelling");
  });

  await test.step("the list shows both finished batches with their status", async () => {
    await page.goto(`/${project.id}/batches`);
    await expect(page.getByRole("table", { name: "Batches" }).getByRole("row")).toHaveCount(4);
    const list = page.getByRole("table", { name: "Batches" });
    await expectTableFits(page, list, async () => {
      await expect(list.getByRole("columnheader", { name: "Created" })).toBeInViewport();
    });
    await page.getByLabel("Status").selectOption("cancelled");
    await expect(page.getByRole("table", { name: "Batches" }).getByRole("row")).toHaveCount(2);
  });
});
