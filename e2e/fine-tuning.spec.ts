// Journey: a member fine-tunes a model on the sandbox — a malformed training file is refused in
// the browser with its line and reason, a good one trains while the events and the loss chart grow,
// the resulting model answers in the playground, and a second, long job is cancelled while it runs.
import { FineTuningPage } from "./pages/fine-tuning-page";
import { PlaygroundPage } from "./pages/playground-page";
import { expect, test } from "./support/fixtures";

const TOPICS = [
  "tides",
  "lanterns",
  "orchards",
  "glaciers",
  "harbours",
  "comets",
  "meadows",
  "bridges",
  "violins",
  "deserts",
  "ferns",
  "kites",
];

function examples(n: number): string[] {
  return Array.from({ length: n }, (_, i) =>
    JSON.stringify({
      messages: [
        { role: "user", content: `Tell me about ${TOPICS[i % TOPICS.length]} (${i}).` },
        { role: "assistant", content: `${TOPICS[i % TOPICS.length]} are worth a closer look, example ${i}.` },
      ],
    }),
  );
}

test("a supervised job is checked, trained, watched, used in the playground, and another is cancelled", async ({ page, ownerApi }) => {
  test.setTimeout(180_000);
  const project = await ownerApi.createProject("Fine-tuning journey");
  const tuning = new FineTuningPage(page);

  await test.step("Fine-tuning is in the navigation, with no jobs yet", async () => {
    await page.goto(`/${project.id}`);
    await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Fine-tuning" }).click();
    await expect(page.getByText("No fine-tuning jobs yet")).toBeVisible();
    await tuning.createLink.first().click();
    await expect(page.getByRole("heading", { level: 1, name: "New fine-tuning job" })).toBeVisible();
  });

  await test.step("a malformed training file is refused in the browser, naming the line and the reason", async () => {
    await tuning.baseModel.selectOption("sandbox-chat-mini");
    const lines = examples(12);
    lines[2] = JSON.stringify({
      messages: [
        { role: "user", content: "hi" },
        { role: "bot", content: "hello" },
      ],
    });
    lines[6] = "{ not json";
    await tuning.uploadTraining("broken.jsonl", lines);
    await expect(tuning.trainingProblems.getByRole("listitem")).toHaveText([
      "Line 3, message 2: unrecognized role 'bot' (expected one of system, developer, user, assistant, tool, function).",
      /^Line 7 is not valid JSON: /,
    ]);
    const sent = page.waitForRequest((r) => r.url().includes("/openai/v1/") && r.method() === "POST", { timeout: 1500 }).catch(() => null);
    await tuning.submit.click();
    await expect(page.getByText("Fix what is marked above first.")).toBeVisible();
    expect(await sent).toBeNull();
  });

  let model = "";
  await test.step("a good file with a validation file trains: events and the loss chart grow until it succeeds", async () => {
    await tuning.uploadTraining("support.jsonl", examples(12));
    await expect(page.getByText("12 examples, every line in the supervised format.")).toBeVisible();
    await tuning.uploadValidation("holdout.jsonl", examples(4));
    await expect(page.getByText("4 examples, every line in the supervised format.")).toBeVisible();
    await page.getByLabel("Suffix").fill("e2e");
    await page.getByLabel("Epochs").fill("2");
    await tuning.submit.click();
    await tuning.expectJobPage();
    await expect(tuning.events).toContainText("Created fine-tuning job");
    // The chart's caption names the latest step; it moves on while the job runs.
    await expect(tuning.lossChart).toContainText(/Step \d+: training \d/, { timeout: 30_000 });
    const first = Number(((await tuning.lossChart.locator("figcaption").textContent()) ?? "").match(/Step (\d+)/)?.[1]);
    await expect(async () => {
      const now = Number(((await tuning.lossChart.locator("figcaption").textContent()) ?? "").match(/Step (\d+)/)?.[1]);
      expect(now).toBeGreaterThan(first);
    }).toPass({ timeout: 30_000 });
    await expect(tuning.lossChart).toContainText("validation");
    await expect(page.getByText("Succeeded", { exact: true })).toBeVisible({ timeout: 60_000 });
    await expect(tuning.events).toContainText("The job has successfully completed");
    await expect(tuning.checkpoints.getByRole("row")).toHaveCount(3);
    const name = page.getByText(/^ft:sandbox-chat-mini:sandbox:e2e:[A-Za-z0-9]{8}$/).first();
    model = ((await name.textContent()) ?? "").trim();
  });

  await test.step("the resulting model answers in the playground", async () => {
    await page.getByRole("link", { name: "Open in playground" }).first().click();
    await expect(page).toHaveURL(new RegExp(`/playground\\?model=${encodeURIComponent(model)}`));
    const playground = new PlaygroundPage(page);
    await expect(playground.model).toBeVisible();
    // The playground takes ?model= where it reads it; otherwise the model is picked from its list.
    if ((await playground.model.inputValue()) !== model) await playground.model.selectOption(model);
    await playground.message.fill("Tell me about tides");
    await playground.message.press("ControlOrMeta+Enter");
    await expect(playground.messageItem(2)).toContainText(`I am ${model}`);
  });

  await test.step("a long job is cancelled while it runs", async () => {
    await page.goto(`/${project.id}/fine-tuning/new`);
    await tuning.baseModel.selectOption("sandbox-chat");
    const uploaded = await tuning.trainingFile.locator("option", { hasText: "support.jsonl" }).getAttribute("value");
    await tuning.trainingFile.selectOption(uploaded ?? "");
    await expect(page.getByText("12 examples, every line in the supervised format.")).toBeVisible();
    await page.getByLabel("Epochs").fill("40");
    await tuning.submit.click();
    await tuning.expectJobPage();
    await expect(page.getByText("Running", { exact: true })).toBeVisible({ timeout: 30_000 });
    await page.getByRole("button", { name: "Cancel job" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Cancel job" }).click();
    await expect(page.getByText("Cancelled", { exact: true })).toBeVisible();
    await expect(tuning.events).toContainText("Fine-tuning job cancelled");
  });

  await test.step("the list shows both jobs with their status and models", async () => {
    await page.getByRole("link", { name: "← Fine-tuning" }).click();
    const table = page.getByRole("table", { name: "Fine-tuning jobs" });
    await expect(table.getByRole("row")).toHaveCount(3);
    await expect(table.getByRole("row").nth(1)).toContainText("Cancelled");
    await expect(table.getByRole("row").nth(2)).toContainText("Succeeded");
    await expect(table.getByRole("row").nth(2)).toContainText(model);
  });
});
