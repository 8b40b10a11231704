// Journey: a member uploads files to the project's upstream, sees them listed, looks at one and
// deletes it. Uploads go from the browser through the console proxy to the sandbox; one file takes
// the Uploads API path in parts (forced with the part-size developer option).

import { AppShell } from "./pages/app-shell";
import { FilesPage, textFile } from "./pages/files-page";
import { expect, test } from "./support/fixtures";
import { OWNER } from "./support/instance";
import { expectTableFits } from "./support/layout";

// Names are unique per run, so a retry of this journey never finds the last attempt's files.
const run = Date.now().toString(36);
const jsonl = (count: number) =>
  Array.from({ length: count }, (_, i) =>
    JSON.stringify({ custom_id: `r${i + 1}`, method: "POST", url: "/v1/responses", body: { model: "sandbox-chat", input: "hi" } }),
  ).join("\n");

test("upload three files of different purposes, one in parts, then look at one and delete it", async ({ page, ownerApi }) => {
  const project = await ownerApi.createProject("File cabinet");
  const files = new FilesPage(page);
  const notes = `notes-${run}.md`;
  const requests = `requests-${run}.jsonl`;
  const big = `big-${run}.txt`;

  await test.step("Files is in the project's navigation", async () => {
    await page.goto(`/${project.id}`);
    await new AppShell(page).projectNav.getByRole("link", { name: "Files" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Files" })).toBeVisible();
  });

  await test.step("three files are chosen, each with its purpose, and all are sent", async () => {
    await files.open(project.id, 1024);
    // Slow the parts down a little, so the part progress can be seen as it moves.
    await page.route("**/uploads/*/parts", async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      await route.continue();
    });
    await files.choose([
      textFile(notes, "# Notes\n\nThe cabinet holds three files.\n", "text/markdown"),
      textFile(requests, `${jsonl(3)}\n`, "application/jsonl"),
      textFile(big, "0123456789abcdef\n".repeat(300)),
    ]);
    await expect(files.item(requests)).toContainText("Ready");
    await files.setPurpose(big, "user_data");
    await expect(files.item(notes)).toContainText("Documents for file search");
    await expect(files.item(requests)).toContainText("one request per line");
    await files.uploadButton().click();
    await expect(files.item(big)).toContainText(/part [1-5] of 5/);
    for (const name of [notes, requests, big]) await expect(files.item(name)).toContainText("Uploaded");
    await expect(files.item(big)).toContainText("5 parts");
    await expect(page.getByRole("progressbar", { name: `Upload progress of ${big}` })).toHaveAttribute("aria-valuenow", "100");
  });

  await test.step("the list shows them with purpose and size", async () => {
    await files.search.fill(run);
    await expect(files.row(notes)).toContainText("assistants");
    await expect(files.row(requests)).toContainText("batch");
    await expect(files.row(big)).toContainText("user_data");
    await expect(files.row(big)).toContainText("5 KB");
    // Uploaded from here, so the console knows who made it.
    await expect(files.row(big)).toContainText(OWNER.name);
    // Every column fits beside the sidebar, on a 1024 px screen too (the purpose then goes under the id).
    await expectTableFits(page, files.table, async () => {
      await expect(files.table.getByRole("columnheader", { name: "Status" })).toBeInViewport();
    });
    await page.getByRole("combobox", { name: "Filter by purpose" }).selectOption("batch");
    await expect(files.row(requests)).toBeVisible();
    await expect(files.row(notes)).toHaveCount(0);
  });

  await test.step("the detail page previews the file and says where it is used", async () => {
    await files.row(requests).getByRole("link", { name: requests }).click();
    await expect(page.getByRole("heading", { name: requests })).toBeVisible();
    await expect(page.getByRole("region", { name: "File preview" })).toContainText('"custom_id"');
    await expect(page.getByText("The whole file, 3 lines.")).toBeVisible();
    await expect(page.getByText("In no vector store.")).toBeVisible();
    await expect(page.getByRole("definition").filter({ hasText: OWNER.name })).toBeVisible();
    await expect(page.getByRole("link", { name: "Download" })).toHaveAttribute("href", /\/files\/file-[^/]+\/content$/);
  });

  await test.step("delete asks first, then the file is gone from the list", async () => {
    await page.getByRole("button", { name: "Delete", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Delete this file?" });
    await dialog.getByRole("button", { name: "Keep it" }).click();
    await expect(dialog).toBeHidden();
    await page.getByRole("button", { name: "Delete", exact: true }).click();
    await dialog.getByRole("button", { name: "Delete file" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Files" })).toBeVisible();
    await files.search.fill(run);
    await expect(files.row(notes)).toBeVisible();
    await expect(files.row(requests)).toHaveCount(0);
  });
});

test("bad files are refused at the file they concern, and one failure does not stop the others", async ({ page, ownerApi }) => {
  const project = await ownerApi.createProject("File mistakes");
  const files = new FilesPage(page);
  await files.open(project.id);

  await test.step("a JSONL file with a bad line 7 is refused in the browser, naming line 7", async () => {
    const lines = jsonl(10).split("\n");
    lines[6] = '{"custom_id": "r7", "body": {';
    await files.choose([textFile(`bad-${run}.jsonl`, lines.join("\n"))]);
    await expect(files.item(`bad-${run}.jsonl`)).toContainText("Line 7 is not valid JSON");
    await expect(files.item(`bad-${run}.jsonl`)).toContainText("Cannot upload");
    await expect(files.uploadButton()).toBeDisabled();
    await files
      .item(`bad-${run}.jsonl`)
      .getByRole("button", { name: /^Remove/ })
      .click();
  });

  await test.step("empty files, wrong types for the purpose and duplicate names are named", async () => {
    await files.choose([
      textFile(`empty-${run}.txt`, ""),
      textFile(`table-${run}.csv`, "a,b\n1,2\n"),
      textFile(`twice-${run}.txt`, "one"),
      textFile(`twice-${run}.txt`, "two"),
    ]);
    await expect(files.item(`empty-${run}.txt`)).toContainText("This file is empty");
    await files.setPurpose(`table-${run}.csv`, "fine-tune");
    await expect(files.item(`table-${run}.csv`)).toContainText("“fine-tune” files must be .jsonl; this one is .csv.");
    await expect(files.queue.getByText(`Another file named “twice-${run}.txt” is already in this selection.`)).toBeVisible();
    await files.setPurpose(`table-${run}.csv`, "assistants");
    await expect(files.item(`table-${run}.csv`)).toContainText("Ready");
    for (const name of [`empty-${run}.txt`, `table-${run}.csv`])
      await files
        .item(name)
        .getByRole("button", { name: /^Remove/ })
        .click();
    while ((await files.queue.getByRole("listitem").count()) > 0) {
      await files.queue
        .getByRole("listitem")
        .first()
        .getByRole("button", { name: /^Remove/ })
        .click();
    }
  });

  await test.step("of five files, the one the upstream refuses says why and the other four arrive", async () => {
    const names = ["a", "b", "c", "d", "e"].map((letter) => `five-${letter}-${run}.txt`);
    await page.route("**/openai/v1/files", async (route) => {
      const body = route.request().postDataBuffer()?.toString("latin1") ?? "";
      if (route.request().method() === "POST" && body.includes(`filename="${names[2]}"`)) {
        await route.fulfill({
          status: 500,
          contentType: "application/json",
          body: JSON.stringify({ error: { message: "The server had an error while processing your request.", type: "server_error" } }),
        });
      } else await route.continue();
    });
    await files.choose(names.map((name) => textFile(name, `content of ${name}\n`)));
    await expect(files.uploadButton()).toHaveText("Upload 5 files");
    await files.uploadButton().click();
    await expect(files.item(names[2])).toContainText("The server had an error while processing your request.");
    await expect(files.item(names[2])).toContainText("Failed");
    for (const name of [names[0], names[1], names[3], names[4]]) await expect(files.item(name)).toContainText("Uploaded");
    await files.search.fill(`five-`);
    for (const name of [names[0], names[1], names[3], names[4]]) await expect(files.row(name)).toBeVisible();
    await expect(files.row(names[2])).toHaveCount(0);
    // Once the upstream answers again, Retry sends it.
    await page.unroute("**/openai/v1/files");
    await files.item(names[2]).getByRole("button", { name: "Retry" }).click();
    await expect(files.item(names[2])).toContainText("Uploaded");
  });
});

test("a multipart upload cut off by the network resumes, sending only the parts that are missing", async ({ page, ownerApi }) => {
  const project = await ownerApi.createProject("Flaky line");
  const files = new FilesPage(page);
  const name = `resumed-${run}.txt`;
  await files.open(project.id, 1024);

  const sentParts: string[] = [];
  let cut = false;
  // The third part never arrives: the connection drops, as on a train going into a tunnel.
  await page.route("**/uploads/*/parts", async (route) => {
    const part = String(sentParts.length + 1);
    if (!cut && sentParts.length === 2) {
      cut = true;
      await route.abort("internetdisconnected");
      return;
    }
    sentParts.push(part);
    await route.continue();
  });
  await files.choose([textFile(name, "fedcba9876543210\n".repeat(300))]);
  await files.uploadButton().click();
  await expect(files.item(name)).toContainText("2 of 5 parts are already sent; Resume sends the rest.");
  expect(sentParts).toHaveLength(2);

  await files.item(name).getByRole("button", { name: "Resume", exact: true }).click();
  await expect(files.item(name)).toContainText("Uploaded");
  // Two before the cut, three after: no part was sent twice.
  expect(sentParts).toHaveLength(5);
  await files.search.fill(name);
  await expect(files.row(name)).toContainText("5 KB");
});
