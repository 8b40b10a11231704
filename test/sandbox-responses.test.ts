import type { ResponseItemList } from "openai/resources/responses/input-items";
import type { Response, ResponseStreamEvent } from "openai/resources/responses/responses";
import { describe, expect, test } from "vitest";
import { countTokens } from "@/lib/sandbox/tokenizer";
import { expectSchema, skipWithoutSpec } from "./support/openapi";
import { failure, sandboxForThisFile } from "./support/sandbox-server";

// The Responses endpoints of the sandbox through the official client: shapes checked against the
// OpenAPI description, behaviour against what the real API does.

const sandbox = sandboxForThisFile();

async function collect(stream: AsyncIterable<ResponseStreamEvent>): Promise<ResponseStreamEvent[]> {
  const events: ResponseStreamEvent[] = [];
  for await (const event of stream) {
    expectSchema("ResponseStreamEvent", event);
    events.push(event);
  }
  return events;
}

function outputText(response: Response): string {
  return response.output
    .flatMap((item) => (item.type === "message" ? item.content : []))
    .map((part) => (part.type === "output_text" ? part.text : ""))
    .join("");
}

/** The stored response once it has stopped running (polled: the run ends on its own time). */
async function settled(id: string): Promise<Response> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const response = await sandbox.client.responses.retrieve(id);
    if ((response.status !== "queued" && response.status !== "in_progress") || Date.now() > deadline) return response;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The error an SDK call ends with: its status and OpenAI's error body, checked against the spec. */

describe.skipIf(skipWithoutSpec)("POST /responses", () => {
  test("answers deterministically from the input, with usage counted by the tokenizer", async () => {
    const ask = () => sandbox.client.responses.create({ model: "sandbox-chat", input: "Tell me about the lighthouse keepers of Brittany" });
    const first = await ask();
    const second = await ask();
    expectSchema("Response", first);
    expect(first.status).toBe("completed");
    expect(first.id).toMatch(/^resp_/);
    expect(first.id).not.toBe(second.id);
    expect(first.output_text).toBe(second.output_text);
    expect(first.output_text.startsWith('You wrote: "Tell me about the lighthouse keepers of Brittany".')).toBe(true);
    expect(first.output_text).toContain("Switchboard sandbox model");
    expect(first.usage?.output_tokens).toBe(countTokens(first.output_text));
    expect(first.usage?.input_tokens).toBe(3 + countTokens("Tell me about the lighthouse keepers of Brittany"));
    expect(first.usage?.total_tokens).toBe((first.usage?.input_tokens ?? 0) + (first.usage?.output_tokens ?? 0));
    expect(first.usage?.input_tokens_details.cached_tokens).toBe(0);
    const tokens = first.usage?.output_tokens ?? 0;
    expect(tokens).toBeGreaterThanOrEqual(40);
    expect(tokens).toBeLessThanOrEqual(130);
    const other = await sandbox.client.responses.create({ model: "sandbox-chat", input: "Something else entirely, about trains" });
    expect(other.output_text).not.toBe(first.output_text);
  });

  test("echoes the request's parameters as the real API does", async () => {
    const response = await sandbox.client.responses.create({
      model: "sandbox-chat-mini",
      input: [
        {
          role: "user",
          content: [
            { type: "input_text", text: "Describe this picture" },
            { type: "input_image", image_url: "https://example.com/a.png", detail: "low" },
          ],
        },
      ],
      instructions: "Answer like a pirate.",
      temperature: 0.2,
      top_p: 0.9,
      metadata: { ticket: "T-1" },
      user: "user-42",
      parallel_tool_calls: false,
      store: false,
    });
    expectSchema("Response", response);
    expect(response).toMatchObject({
      model: "sandbox-chat-mini",
      instructions: "Answer like a pirate.",
      temperature: 0.2,
      top_p: 0.9,
      metadata: { ticket: "T-1" },
      user: "user-42",
      parallel_tool_calls: false,
      store: false,
    });
    expect(response.output_text).toContain('Instructions noted: "Answer like a pirate."');
    // The image is counted at the low-detail price on top of the text.
    expect(response.usage?.input_tokens).toBe(3 + countTokens("Answer like a pirate.") + 3 + countTokens("Describe this picture") + 85);
  });

  test("streams the real event sequence, the same text as a plain request", async () => {
    const input = "Write 120 words about the tides of the Atlantic";
    const plain = await sandbox.client.responses.create({ model: "sandbox-chat", input });
    const events = await collect(await sandbox.client.responses.create({ model: "sandbox-chat", input, stream: true }));
    const types = events.map((e) => e.type);
    const deltas = events.filter((e) => e.type === "response.output_text.delta");
    expect(types.slice(0, 4)).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.content_part.added",
    ]);
    expect(types.slice(-4)).toEqual([
      "response.output_text.done",
      "response.content_part.done",
      "response.output_item.done",
      "response.completed",
    ]);
    expect(types.slice(4, -4).every((t) => t === "response.output_text.delta")).toBe(true);
    expect(deltas.length).toBeGreaterThan(100);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    const text = deltas.map((e) => (e.type === "response.output_text.delta" ? e.delta : "")).join("");
    const done = events.find((e) => e.type === "response.output_text.done");
    const completed = events.at(-1);
    expect(done?.type === "response.output_text.done" && done.text).toBe(text);
    expect(completed?.type === "response.completed" && outputText(completed.response)).toBe(text);
    expect(text).toBe(plain.output_text);
    expect(text.split(/\s+/).length).toBeGreaterThan(100);
    // The stored response is the completed one.
    const stored = await sandbox.client.responses.retrieve(completed?.type === "response.completed" ? completed.response.id : "");
    expect(stored.status).toBe("completed");
    expect(stored.output_text).toBe(text);
  });

  test("stores responses (retrieve, delete) unless store is false", async () => {
    const response = await sandbox.client.responses.create({
      model: "sandbox-chat",
      input: "Remember the number 4711",
      metadata: { run: "a" },
    });
    const stored = await sandbox.client.responses.retrieve(response.id);
    expectSchema("Response", stored);
    expect(stored).toEqual(response);
    await sandbox.client.responses.delete(response.id);
    const gone = await failure(sandbox.client.responses.retrieve(response.id));
    expect(gone.status).toBe(404);
    expect(gone.message).toContain(`Response with id '${response.id}' not found.`);
    expect((await failure(sandbox.client.responses.delete(response.id))).status).toBe(404);
    const unstored = await sandbox.client.responses.create({ model: "sandbox-chat", input: "Forget this", store: false });
    expect((await failure(sandbox.client.responses.retrieve(unstored.id))).status).toBe(404);
  });
});

describe.skipIf(skipWithoutSpec)("conversations with previous_response_id", () => {
  test("continue from the stored turns; input_items lists the turn's own input, each item once per walk", async () => {
    const first = await sandbox.client.responses.create({
      model: "sandbox-chat",
      instructions: "Be brief.",
      input: "My cat is called Ptolemy",
    });
    const input = [
      { role: "user" as const, content: "one" },
      { role: "assistant" as const, content: "two" },
      { role: "developer" as const, content: "three" },
      { role: "user" as const, content: [{ type: "input_text" as const, text: "four" }] },
      { role: "user" as const, content: "What is my cat called?" },
    ];
    const second = await sandbox.client.responses.create({ model: "sandbox-chat", previous_response_id: first.id, input });
    expectSchema("Response", second);
    expect(second.previous_response_id).toBe(first.id);
    expect(second.output_text).toContain('Earlier in this conversation you wrote: "My cat is called Ptolemy"');
    // Instructions are not carried over to the next turn.
    expect(second.output_text).not.toContain("Instructions noted");
    const firstContext = (first.usage?.input_tokens ?? 0) - 3 - countTokens("Be brief.");
    expect(second.usage?.input_tokens).toBe(
      firstContext +
        (first.usage?.output_tokens ?? 0) +
        3 +
        5 * 3 +
        countTokens("one") +
        countTokens("two") +
        countTokens("three") +
        countTokens("four") +
        countTokens("What is my cat called?"),
    );

    for (const order of ["asc", "desc"] as const) {
      const seen: string[] = [];
      const texts: string[] = [];
      let after: string | undefined;
      for (let page = 0; page < 10; page++) {
        const list = await sandbox.client.get<ResponseItemList>(`/responses/${second.id}/input_items`, {
          query: { limit: 2, order, after },
        });
        expectSchema("ResponseItemList", list);
        for (const item of list.data) {
          seen.push(item.id);
          if (item.type === "message") texts.push(item.content.map((c) => ("text" in c ? c.text : "")).join(""));
        }
        if (!list.has_more) break;
        after = list.data.at(-1)?.id;
      }
      expect(new Set(seen).size).toBe(5);
      expect(seen).toHaveLength(5);
      const expected = ["one", "two", "three", "four", "What is my cat called?"];
      expect(texts).toEqual(order === "asc" ? expected : [...expected].reverse());
    }
    // The SDK's own auto-pagination walks the same items.
    const walked: string[] = [];
    for await (const item of sandbox.client.responses.inputItems.list(second.id, { limit: 1 })) walked.push(item.id);
    expect(walked).toHaveLength(5);
    const firstItems = await sandbox.client.responses.inputItems.list(first.id);
    expect(firstItems.data).toHaveLength(1);
  });

  test("an unknown previous response is a 404 previous_response_not_found", async () => {
    const error = await failure(sandbox.client.responses.create({ model: "sandbox-chat", previous_response_id: "resp_nope", input: "hi" }));
    expect(error.status).toBe(404);
    expect(error.code).toBe("previous_response_not_found");
    expect(error.param).toBe("previous_response_id");
    expect(error.message).toBe("Previous response with id 'resp_nope' not found.");
  });

  test("a repeated long prefix is reported as cached tokens", async () => {
    const long = `Here is a long document. ${"The committee met on Tuesday and discussed the harbour budget at length. ".repeat(80)}`;
    const first = await sandbox.client.responses.create({ model: "sandbox-chat", input: long, instructions: "Summarise." });
    expect(first.usage?.input_tokens).toBeGreaterThan(1024);
    expect(first.usage?.input_tokens_details.cached_tokens).toBe(0);
    const next = await sandbox.client.responses.create({
      model: "sandbox-chat",
      previous_response_id: first.id,
      input: "And then?",
      instructions: "Summarise.",
    });
    const prefix = first.usage?.input_tokens ?? 0;
    expect(next.usage?.input_tokens_details.cached_tokens).toBe(Math.floor(prefix / 128) * 128);
    expect(next.usage?.input_tokens_details.cached_tokens).toBeLessThanOrEqual(next.usage?.input_tokens ?? 0);
    // Changed instructions change the start of the prompt, so nothing is cached.
    const changed = await sandbox.client.responses.create({
      model: "sandbox-chat",
      previous_response_id: first.id,
      input: "And then?",
      instructions: "Be terse.",
    });
    expect(changed.usage?.input_tokens_details.cached_tokens).toBe(0);
  });
});

describe.skipIf(skipWithoutSpec)("responses faults and cancellation", () => {
  test("cut-stream makes the SDK's stream iteration throw", async () => {
    const stream = await sandbox.client.responses.create(
      { model: "sandbox-chat", input: "write 200 words about bridges", stream: true },
      { headers: { "x-sandbox-fault": "cut-stream" } },
    );
    const seen: string[] = [];
    const error = await (async () => {
      for await (const event of stream) seen.push(event.type);
    })().catch((e) => e);
    expect(error).toBeInstanceOf(Error);
    const deltas = seen.filter((t) => t === "response.output_text.delta").length;
    expect(deltas).toBeGreaterThan(50);
    expect(seen).not.toContain("response.completed");
    // The same fault asked for by model name.
    const byName = await sandbox.client.responses.create({ model: "sandbox-fault-cut-stream", input: "write 50 words", stream: true });
    await expect(collect(byName)).rejects.toThrow();
  });

  test("slow-first-token delays the first delta, not the response.created event", async () => {
    // A second's delay, so that a loaded machine's stall between the two events cannot close the gap.
    process.env.SANDBOX_SLOW_FIRST_TOKEN_MS = "1000";
    try {
      const stream = await sandbox.client.responses.create(
        { model: "sandbox-chat", input: "hello there", stream: true },
        { headers: { "x-sandbox-fault": "slow-first-token" } },
      );
      let createdAt = 0;
      let firstDeltaAt = 0;
      for await (const event of stream) {
        if (event.type === "response.created") createdAt = Date.now();
        if (event.type === "response.output_text.delta" && !firstDeltaAt) firstDeltaAt = Date.now();
      }
      expect(firstDeltaAt - createdAt).toBeGreaterThanOrEqual(600);
    } finally {
      delete process.env.SANDBOX_SLOW_FIRST_TOKEN_MS;
    }
  });

  test("a caller that goes away stops the generation", async () => {
    process.env.SANDBOX_TOKEN_DELAY_MS = "20";
    try {
      const stream = await sandbox.client.responses.create({ model: "sandbox-chat", input: "write 2000 words about rivers", stream: true });
      let id = "";
      let deltas = 0;
      for await (const event of stream) {
        if (event.type === "response.created") id = event.response.id;
        if (event.type === "response.output_text.delta" && ++deltas === 5) break; // leaving the loop aborts the request
      }
      const stopped = await settled(id);
      expect(stopped.status).toBe("cancelled");
      await new Promise((resolve) => setTimeout(resolve, 200));
      const later = await sandbox.client.responses.retrieve(id);
      expect(later).toEqual(stopped);
      // 2,000 words would take ~50 s at this pace: the run stopped where the caller left it.
      expect(later.output[0]).toMatchObject({ type: "message", status: "incomplete" });
      expect(later.output_text.length).toBeGreaterThan(0);
      expect(countTokens(later.output_text)).toBeLessThan(20);
    } finally {
      process.env.SANDBOX_TOKEN_DELAY_MS = "0";
    }
  });

  test("background responses are queued, complete later, and can be cancelled", async () => {
    const queued = await sandbox.client.responses.create({ model: "sandbox-chat", input: "A background question", background: true });
    expectSchema("Response", queued);
    expect(queued.status).toBe("queued");
    expect(queued.background).toBe(true);
    const done = await settled(queued.id);
    expect(done.status).toBe("completed");
    expect(done.output_text).toContain('You wrote: "A background question"');

    process.env.SANDBOX_TOKEN_DELAY_MS = "20";
    try {
      const slow = await sandbox.client.responses.create({
        model: "sandbox-chat",
        input: "write 1000 words about cancelling",
        background: true,
      });
      const cancelled = await sandbox.client.responses.cancel(slow.id);
      expectSchema("Response", cancelled);
      expect(cancelled.status).toBe("cancelled");
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect((await sandbox.client.responses.retrieve(slow.id)).status).toBe("cancelled");
      expect((await sandbox.client.responses.cancel(slow.id)).status).toBe("cancelled");
    } finally {
      process.env.SANDBOX_TOKEN_DELAY_MS = "0";
    }
    const foreground = await sandbox.client.responses.create({ model: "sandbox-chat", input: "not in the background" });
    const error = await failure(sandbox.client.responses.cancel(foreground.id));
    expect(error.status).toBe(400);
    expect(error.message).toBe("Only responses created with background=true can be cancelled.");
    expect((await failure(sandbox.client.responses.cancel("resp_missing"))).status).toBe(404);
  });
});
