import OpenAI, { toFile } from "openai";
import { beforeAll, describe, expect, test } from "vitest";
import { issueSandboxKey } from "@/lib/sandbox/auth";
import { drainSandboxWorkers } from "@/lib/sandbox/workers";
import { failure, sandboxForThisFile } from "./support/sandbox-server";
import { SPACE_TEXT } from "./support/vector-stores";

// Keys of different sandbox projects see only their own objects, as keys of different OpenAI
// projects do: another project's ids answer 404 and lists leave its objects out.

const sandbox = sandboxForThisFile();
let alpha: OpenAI;
let beta: OpenAI;
let alphaAgain: OpenAI;

beforeAll(async () => {
  const client = (key: string) => new OpenAI({ baseURL: sandbox.baseURL, apiKey: key, maxRetries: 0 });
  alpha = client(await issueSandboxKey("project alpha", "proj-alpha"));
  beta = client(await issueSandboxKey("project beta", "proj-beta"));
  // A project reconnected to the sandbox gets a new key of the same project.
  alphaAgain = client(await issueSandboxKey("project alpha again", "proj-alpha"));
});

describe("sandbox projects", () => {
  test("files, uploads and their content stay in their project", async () => {
    const file = await alpha.files.create({ file: await toFile(Buffer.from("alpha only"), "a.txt"), purpose: "assistants" });
    expect((await failure(beta.files.retrieve(file.id))).status).toBe(404);
    expect((await failure(beta.files.content(file.id))).status).toBe(404);
    expect((await failure(beta.files.delete(file.id))).status).toBe(404);
    expect((await beta.files.list()).data.map((f) => f.id)).not.toContain(file.id);
    expect((await alphaAgain.files.retrieve(file.id)).id).toBe(file.id);
    expect((await alpha.files.list()).data.map((f) => f.id)).toContain(file.id);
    // Another project's id is no cursor either.
    expect((await failure(beta.files.list({ after: file.id }))).status).toBe(400);

    const upload = await alpha.uploads.create({ filename: "u.txt", purpose: "assistants", bytes: 3, mime_type: "text/plain" });
    expect((await failure(beta.uploads.cancel(upload.id))).status).toBe(404);
    expect((await failure(beta.uploads.parts.create(upload.id, { data: await toFile(Buffer.from("abc"), "p") }))).status).toBe(404);
    const part = await alpha.uploads.parts.create(upload.id, { data: await toFile(Buffer.from("abc"), "p") });
    const done = await alpha.uploads.complete(upload.id, { part_ids: [part.id] });
    expect((await failure(beta.files.retrieve(done.file?.id ?? ""))).status).toBe(404);
    expect((await alpha.files.retrieve(done.file?.id ?? "")).bytes).toBe(3);
  });

  test("vector stores, their files and searches stay in their project", async () => {
    const file = await alpha.files.create({ file: await toFile(Buffer.from(SPACE_TEXT), "space.txt"), purpose: "assistants" });
    // A project cannot put another's file into its store.
    expect((await failure(beta.vectorStores.create({ name: "stolen", file_ids: [file.id] }))).status).toBe(404);
    const store = await alpha.vectorStores.create({ name: "alpha store", file_ids: [file.id] });
    await drainSandboxWorkers();
    expect((await alpha.vectorStores.files.retrieve(file.id, { vector_store_id: store.id })).status).toBe("completed");

    expect((await failure(beta.vectorStores.retrieve(store.id))).status).toBe(404);
    expect((await failure(beta.vectorStores.files.list(store.id))).status).toBe(404);
    expect((await failure(beta.vectorStores.search(store.id, { query: "moon" }))).status).toBe(404);
    expect((await failure(beta.vectorStores.delete(store.id))).status).toBe(404);
    expect((await beta.vectorStores.list()).data.map((s) => s.id)).not.toContain(store.id);
    // Nor search it through the file_search tool.
    const tool = { type: "file_search" as const, vector_store_ids: [store.id] };
    expect((await failure(beta.responses.create({ model: "sandbox-chat", input: "moon", tools: [tool] }))).status).toBe(404);
    const found = await alpha.responses.create({ model: "sandbox-chat", input: "moon", tools: [tool] });
    expect(found.output.some((item) => item.type === "file_search_call")).toBe(true);
  });

  test("stored responses and chat completions stay in their project", async () => {
    const response = await alpha.responses.create({ model: "sandbox-chat", input: "Hello" });
    expect((await failure(beta.responses.retrieve(response.id))).status).toBe(404);
    expect((await failure(beta.responses.inputItems.list(response.id))).status).toBe(404);
    expect((await failure(beta.responses.delete(response.id))).status).toBe(404);
    const followUp = beta.responses.create({ model: "sandbox-chat", input: "And?", previous_response_id: response.id });
    expect(await failure(followUp)).toMatchObject({ status: 404, param: "previous_response_id" });
    expect(
      (await alphaAgain.responses.create({ model: "sandbox-chat", input: "And?", previous_response_id: response.id })).id,
    ).toBeTruthy();

    const completion = await alpha.chat.completions.create({
      model: "sandbox-chat",
      messages: [{ role: "user", content: "Hi" }],
      store: true,
    });
    expect((await failure(beta.chat.completions.retrieve(completion.id))).status).toBe(404);
    expect((await failure(beta.chat.completions.delete(completion.id))).status).toBe(404);
    expect((await failure(beta.chat.completions.update(completion.id, { metadata: { a: "b" } }))).status).toBe(404);
    expect((await beta.chat.completions.list()).data.map((c) => c.id)).not.toContain(completion.id);
    expect((await alpha.chat.completions.list()).data.map((c) => c.id)).toContain(completion.id);
  });
});
