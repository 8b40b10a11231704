// Journey: a member builds a vector store from two uploaded notes, watches them being ingested,
// checks what a search retrieves, then tidies up. The pages talk to the sandbox's /vector_stores
// through the console proxy, so this also proves the browser's path for uploads and file batches.
import { AppShell } from "./pages/app-shell";
import { VectorStoresPage } from "./pages/vector-stores-page";
import { expect, test } from "./support/fixtures";
import { expectTableFits } from "./support/layout";

const LIGHTHOUSE = {
  name: "lighthouse.txt",
  mimeType: "text/plain",
  buffer: Buffer.from(
    "The lighthouse keeper of Ushant climbed the spiral stairs at dusk to polish the great Fresnel lens.\n" +
      "Storms from the Atlantic rattled the lantern room all winter long.\n",
  ),
};
const ORCHARD = {
  name: "orchard.md",
  mimeType: "text/markdown",
  buffer: Buffer.from(
    "# Cider orchards\n\nIn Normandy the apple harvest begins in October; bittersweet varieties are pressed for cider and calvados.\n",
  ),
};
// A PNG's signature and header: binary, and not a type the sandbox's file search reads.
const DIAGRAM = {
  name: "diagram.png",
  mimeType: "image/png",
  buffer: Buffer.from([
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01,
  ]),
};

test("a vector store is created, filled, searched, trimmed and deleted", async ({ page, ownerApi }) => {
  const project = await ownerApi.createProject("Vector store journey");
  const shell = new AppShell(page);
  const stores = new VectorStoresPage(page);

  // The sandbox is one upstream account behind every project, so other journeys' stores may be
  // listed too: this one is told apart by its name.
  const name = `Field notes ${Date.now().toString(36)}`;

  await test.step("Vector stores is in the project's navigation", async () => {
    await page.goto(`/${project.id}`);
    await shell.projectNav.getByRole("link", { name: "Vector stores" }).click();
    await stores.expectListLoaded();
  });

  await test.step("creating a store opens its page", async () => {
    await stores.create(name);
    await expect(page.getByText("No files in this store")).toBeVisible();
  });

  await test.step("two uploaded files go in as a batch and both reach completed", async () => {
    await stores.uploadFiles([LIGHTHOUSE, ORCHARD]);
    await expect(page.getByRole("region", { name: "File batch" })).toBeVisible();
    await expect(stores.fileRow("lighthouse.txt")).toContainText("Completed");
    await expect(stores.fileRow("orchard.md")).toContainText("Completed");
    await expect(page.getByRole("region", { name: "File batch" })).toContainText("2 of 2 files done");
  });

  await test.step("a search for a phrase of one file ranks that file first, its words marked", async () => {
    await stores.search("polish the Fresnel lens");
    const first = stores.results.getByRole("listitem").first();
    await expect(first).toContainText("lighthouse.txt");
    await expect(first).toContainText(/score \d\.\d\d/);
    await expect(first.locator("mark", { hasText: "Fresnel" })).toBeVisible();
  });

  await test.step("a file of a type file search cannot read fails, with the reason at that file", async () => {
    await stores.uploadFiles([DIAGRAM]);
    const row = stores.fileRow("diagram.png");
    await expect(row).toContainText("Failed");
    await expect(row).toContainText("not a supported file type");
    await expect(row).toContainText("unsupported_file");
  });

  await test.step("removing a file takes it out of the store", async () => {
    await stores.removeFile("orchard.md");
    await expect(stores.fileRow("lighthouse.txt")).toBeVisible();
  });

  await test.step("the list shows the store, and fits a 1024 px screen with its actions in view", async () => {
    await shell.projectNav.getByRole("link", { name: "Vector stores" }).click();
    await stores.expectListLoaded();
    await expectTableFits(page, stores.list, async () => {
      await expect(stores.list.getByRole("button", { name: `Delete ${name}` })).toBeInViewport();
    });
    await stores.list.getByRole("link", { name, exact: true }).click();
    await expect(stores.fileRow("lighthouse.txt")).toBeVisible();
  });

  await test.step("deleting the store goes back to the list, without it", async () => {
    await stores.deleteStore();
    await stores.expectListLoaded();
    await expect(page.getByRole("link", { name, exact: true })).toHaveCount(0);
  });
});

test("the create form names what the API would refuse, before anything is sent", async ({ page, ownerApi }) => {
  const project = await ownerApi.createProject("Vector store form");
  const stores = new VectorStoresPage(page);
  await page.goto(`/${project.id}/vector-stores`);
  await stores.expectListLoaded();
  await page.getByRole("button", { name: "Create vector store" }).first().click();
  await stores.dialog.getByLabel("Chunking").selectOption("static");
  await stores.dialog.getByLabel("Max chunk size (tokens)").fill("800");
  await stores.dialog.getByLabel("Chunk overlap (tokens)").fill("500");
  await stores.dialog.getByRole("button", { name: "Add metadata" }).click();
  await stores.dialog.getByLabel("Metadata key 1").fill("k".repeat(65));
  await stores.dialog.getByRole("button", { name: "Create" }).click();
  await expect(stores.dialog.getByText("At most half the chunk size (400 tokens).")).toBeVisible();
  await expect(stores.dialog.getByText("Keys are at most 64 characters (this one has 65).")).toBeVisible();

  await stores.dialog.getByLabel("Chunk overlap (tokens)").fill("400");
  await stores.dialog.getByLabel("Metadata key 1").fill("team");
  await stores.dialog.getByLabel("Metadata value 1").fill("support");
  await stores.dialog.getByLabel("Name").fill("Tuned chunks");
  await stores.dialog.getByRole("button", { name: "Create" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Tuned chunks" })).toBeVisible();
  await expect(page.getByText("team=support")).toBeVisible();
});
