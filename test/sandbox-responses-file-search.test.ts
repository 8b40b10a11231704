import OpenAI, { toFile } from "openai";
import type { ResponseStreamEvent } from "openai/resources/responses/responses";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { drainSandboxWorkers } from "@/lib/sandbox/workers";
import { expectSchema, skipWithoutSpec } from "./support/openapi";
import { startSandboxServer } from "./support/sandbox-server";

// The file_search tool of the sandbox's Responses endpoint, over vector stores it really indexed.

let sandbox: Awaited<ReturnType<typeof startSandboxServer>>;
let client: OpenAI;
let storeId: string;
let bakingId: string;
let harbourId: string;

const BAKING = [
  "Knead the sourdough until it is elastic, then let the starter ferment overnight.",
  "Bake the loaf in a preheated cast-iron pot so the crust caramelises.",
].join("\n");
const HARBOUR = [
  "The harbour master logs every trawler that enters after dusk.",
  "Tides at the harbour mouth run fastest two hours after high water.",
].join("\n");

async function upload(filename: string, content: string): Promise<string> {
  return (await client.files.create({ file: await toFile(Buffer.from(content), filename), purpose: "assistants" })).id;
}

beforeAll(async () => {
  sandbox = await startSandboxServer();
  client = sandbox.client;
  if (skipWithoutSpec) return;
  bakingId = await upload("baking.md", BAKING);
  harbourId = await upload("harbour.md", HARBOUR);
  storeId = (await client.vectorStores.create({ name: "notes", file_ids: [bakingId, harbourId] })).id;
  await drainSandboxWorkers();
});
afterAll(async () => {
  await sandbox.close();
});

const fileSearch = () => ({ type: "file_search" as const, vector_store_ids: [storeId] });

describe.skipIf(skipWithoutSpec)("file_search", () => {
  test("searches the vector stores, quotes the best file and cites it", async () => {
    const response = await client.responses.create({
      model: "sandbox-chat",
      input: "How long should the sourdough starter ferment?",
      tools: [fileSearch()],
      include: ["file_search_call.results"],
    });
    expectSchema("Response", response);
    const [call, message] = response.output;
    if (call.type !== "file_search_call" || message.type !== "message") throw new Error("expected a file search, then a message");
    expect(call.status).toBe("completed");
    expect(call.queries).toEqual(["How long should the sourdough starter ferment?"]);
    expect(call.results?.[0]).toMatchObject({ file_id: bakingId, filename: "baking.md" });
    expect(call.results?.[0].text).toContain("starter ferment overnight");
    const part = message.content[0];
    if (part.type !== "output_text") throw new Error("expected output text");
    expect(part.text.startsWith('From baking.md: "Knead the sourdough')).toBe(true);
    expect(part.annotations[0]).toEqual({ type: "file_citation", file_id: bakingId, filename: "baking.md", index: part.text.length });
    const withoutResults = await client.responses.create({ model: "sandbox-chat", input: "harbour tides", tools: [fileSearch()] });
    const search = withoutResults.output[0];
    expect(search.type === "file_search_call" && search.results).toBeNull();
    expect(withoutResults.output_text.startsWith('From harbour.md: "The harbour master')).toBe(true);
  });

  test("streams the file search events before the cited message", async () => {
    const events: ResponseStreamEvent[] = [];
    const stream = await client.responses.create({
      model: "sandbox-chat",
      input: "when do the harbour tides run fastest",
      tools: [fileSearch()],
      stream: true,
    });
    for await (const event of stream) {
      expectSchema("ResponseStreamEvent", event);
      events.push(event);
    }
    const types = events.map((e) => e.type);
    expect(types.slice(0, 7)).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.file_search_call.in_progress",
      "response.file_search_call.searching",
      "response.file_search_call.completed",
      "response.output_item.done",
    ]);
    const annotation = events.find((e) => e.type === "response.output_text.annotation.added");
    expect(annotation?.type === "response.output_text.annotation.added" && annotation.annotation).toMatchObject({ file_id: harbourId });
    expect(types.indexOf("response.output_text.annotation.added")).toBeLessThan(types.indexOf("response.output_text.done"));
  });

  test("tool_choice none does not search; an unknown vector store is an error", async () => {
    const none = await client.responses.create({ model: "sandbox-chat", input: "sourdough", tools: [fileSearch()], tool_choice: "none" });
    expect(none.output.map((o) => o.type)).toEqual(["message"]);
    const error = await client.responses
      .create({ model: "sandbox-chat", input: "sourdough", tools: [{ type: "file_search", vector_store_ids: ["vs_missing"] }] })
      .catch((e) => e);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expectSchema("ErrorResponse", { error: error.error });
  });
});
