// Journey: a member tries prompts in the playground — a streamed Responses turn, a follow-up that
// continues it, Stop, and a Chat Completions turn — all with the keyboard where a person would.
import { PlaygroundPage } from "./pages/playground-page";
import { expect, test } from "./support/fixtures";

test("a streamed turn shows its usage, the next continues it, Stop cancels, and Chat works too", async ({ page, ownerApi }) => {
  const project = await ownerApi.createProject("Prompt lab");
  const playground = new PlaygroundPage(page);
  await playground.goto(project.id);

  await test.step("a Responses turn, run with Ctrl+Enter, streams and shows tokens and the request id", async () => {
    await playground.message.fill("Name three primary colours");
    await playground.message.press("ControlOrMeta+Enter");
    await expect(playground.messageItem(2)).toBeVisible();
    await expect(playground.messageItem(2).getByRole("combobox")).toHaveValue("assistant");
    await expect(playground.stat("Status")).toHaveText("Completed");
    await expect(playground.stat("Tokens in")).toHaveText(/^[1-9]\d*$/);
    await expect(playground.stat("Tokens out")).toHaveText(/^[1-9]\d*$/);
    await expect(playground.stat("Request id")).not.toHaveText("—");
    await expect(page.getByText(/The next turn continues response resp_/)).toBeVisible();
  });

  await test.step("a follow-up turn is sent with previous_response_id", async () => {
    const sent = page.waitForRequest((request) => request.url().endsWith("/openai/v1/responses") && request.method() === "POST");
    await playground.message.fill("And three secondary ones?");
    await playground.run.click();
    const body = (await sent).postDataJSON();
    expect(body.previous_response_id).toMatch(/^resp_/);
    expect(body.input).toEqual([{ role: "user", content: "And three secondary ones?" }]);
    await expect(playground.messageItem(4)).toBeVisible();
  });

  await test.step("Stop cancels a long answer and keeps what was written", async () => {
    await page.route("**/openai/v1/responses", async (route) => {
      // Slow the sandbox down for this turn only, so there is time to press Stop.
      await route.continue({ headers: { ...route.request().headers(), "x-sandbox-fault": "slow-first-token" } });
    });
    await playground.message.fill("Write a long story");
    await playground.run.click();
    await expect(playground.stop).toBeVisible();
    await playground.stop.click();
    await expect(playground.stat("Status")).toHaveText("Stopped");
    await expect(playground.run).toBeEnabled();
    await page.unroute("**/openai/v1/responses");
  });

  await test.step("a Chat Completions turn works from a cleared conversation", async () => {
    await page.getByRole("button", { name: "Clear" }).click();
    await playground.chooseApi("Chat Completions");
    await playground.message.fill("Say hello");
    await playground.message.press("ControlOrMeta+Enter");
    await expect(playground.messageItem(2)).toBeVisible();
    await expect(playground.stat("Status")).toHaveText("Completed");
    await expect(page.getByText("Chat Completions sends the whole conversation every turn.")).toBeVisible();
  });
});
