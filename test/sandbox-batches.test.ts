import OpenAI, { toFile } from "openai";
import { beforeAll, describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { issueSandboxKey } from "@/lib/sandbox/auth";
import { runNextBatchStep } from "@/lib/sandbox/batches/runner";
import { drainSandboxWorkers } from "@/lib/sandbox/workers";
import { expectSchema, skipWithoutSpec } from "./support/openapi";
import { failure, sandboxForThisFile, waitFor } from "./support/sandbox-server";

// Batches in the sandbox through the official client: the input file is checked line by line,
// its requests run through the sandbox's own endpoints, and the answers land in output and error
// files of the batch's project.

process.env.SANDBOX_BATCH_LINE_DELAY_MS = "0";
const sandbox = sandboxForThisFile();
let client: OpenAI;
let key: string;

beforeAll(async () => {
  key = await issueSandboxKey("batches", "proj-batches");
  client = new OpenAI({ baseURL: sandbox.baseURL, apiKey: key, maxRetries: 0 });
});

type Line = { custom_id?: unknown; method?: unknown; url?: unknown; body?: unknown };

const chatLine = (id: string, text: string, extra: Record<string, unknown> = {}): Line => ({
  custom_id: id,
  method: "POST",
  url: "/v1/chat/completions",
  body: { model: "sandbox-chat", messages: [{ role: "user", content: text }], ...extra },
});

async function inputFile(lines: Line[], purpose: "batch" | "assistants" = "batch") {
  const text = lines.map((line) => JSON.stringify(line)).join("\n");
  return (await client.files.create({ file: await toFile(Buffer.from(text), "input.jsonl"), purpose })).id;
}

async function raw(id: string) {
  return (await client.batches.retrieve(id).asResponse()).json();
}

async function jsonl(fileId: string) {
  const text = await (await client.files.content(fileId)).text();
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

describe.skipIf(skipWithoutSpec)("batches in the sandbox", () => {
  test("a batch of chat completions runs to completed, with the bad-for-the-model lines in the error file", async () => {
    const lines = Array.from({ length: 6 }, (_, i) => chatLine(`req-${i + 1}`, `Say hello number ${i + 1}`));
    // Valid lines of the file, but the model refuses them: too many output tokens.
    lines[2] = chatLine("req-3", "Too long", { max_completion_tokens: 10_000_000 });
    const fileId = await inputFile(lines);
    const created = await (
      await client.batches
        .create({
          input_file_id: fileId,
          endpoint: "/v1/chat/completions",
          completion_window: "24h",
          metadata: { run: "nightly" },
        })
        .asResponse()
    ).json();
    expectSchema("Batch", created);
    expect(created).toMatchObject({
      status: "validating",
      request_counts: { total: 0, completed: 0, failed: 0 },
      metadata: { run: "nightly" },
    });

    await runNextBatchStep();
    const validated = await raw(created.id);
    expect(validated).toMatchObject({
      status: "in_progress",
      model: "sandbox-chat",
      request_counts: { total: 6, completed: 0, failed: 0 },
    });
    expect(validated.in_progress_at).toBeGreaterThanOrEqual(created.created_at);

    await drainSandboxWorkers();
    const done = await raw(created.id);
    expectSchema("Batch", done);
    expect(done).toMatchObject({ status: "completed", request_counts: { total: 6, completed: 5, failed: 1 } });
    expect(done.finalizing_at).toBeDefined();
    expect(done.completed_at).toBeDefined();
    expect(done.usage.input_tokens).toBeGreaterThan(0);
    expect(done.usage.output_tokens).toBeGreaterThan(0);

    const output = await jsonl(done.output_file_id);
    expect(output.map((line) => line.custom_id)).toEqual(["req-1", "req-2", "req-4", "req-5", "req-6"]);
    for (const line of output) {
      expect(line).toMatchObject({ id: expect.stringMatching(/^batch_req_/), error: null, response: { status_code: 200 } });
      expectSchema("CreateChatCompletionResponse", line.response.body);
      // Each line carries its own usage: what the batch rate is applied to.
      expect(line.response.body.usage.prompt_tokens).toBeGreaterThan(0);
    }
    const errors = await jsonl(done.error_file_id);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ custom_id: "req-3", response: { status_code: 400 }, error: null });
    expect(errors[0].response.body.error.param).toBe("max_completion_tokens");

    const outputFile = await client.files.retrieve(done.output_file_id);
    expect(outputFile).toMatchObject({ purpose: "batch_output", filename: `${created.id}_output.jsonl` });

    // The organization's bill counts the lines as batch requests, at half the list price.
    const bill = async (path: string) =>
      (
        await fetch(`${sandbox.baseURL}${path}&start_time=${created.created_at - 60}`, { headers: { authorization: `Bearer ${key}` } })
      ).json();
    let usage: { data: { results: { batch: boolean; num_model_requests: number }[] }[] } = { data: [] };
    await waitFor(async () => {
      usage = await bill("/organization/usage/completions?group_by=batch&bucket_width=1d");
      return usage.data.flatMap((b) => b.results).some((r) => r.batch && r.num_model_requests === 5);
    }, "the batch's lines in the organization usage");
    const costs = await bill("/organization/costs?group_by=line_item");
    const billed: { line_item: string; amount: { value: number } }[] = costs.data.flatMap(
      (b: { results: { line_item: string; amount: { value: number } }[] }) => b.results,
    );
    const input = billed.find((l) => l.line_item === "sandbox-chat, input (batch)");
    const inputTokens = output.reduce((sum, line) => sum + line.response.body.usage.prompt_tokens, 0);
    // sandbox-chat's list price is $0.40 per million input tokens; the batch pays half.
    expect(input?.amount.value).toBeCloseTo((inputTokens * 0.4 * 0.5) / 1e6, 9);
  });

  test("responses and embeddings lines run through their endpoints", async () => {
    const responses = await client.batches.create({
      input_file_id: await inputFile([
        { custom_id: "r1", method: "POST", url: "/v1/responses", body: { model: "sandbox-chat", input: "Hi" } },
        { custom_id: "r2", method: "POST", url: "/v1/responses", body: { model: "sandbox-chat", input: "Hi", stream: true } },
      ]),
      endpoint: "/v1/responses",
      completion_window: "24h",
    });
    const embeddings = await client.batches.create({
      input_file_id: await inputFile([
        { custom_id: "e1", method: "POST", url: "/v1/embeddings", body: { model: "sandbox-embed-small", input: "kittens" } },
      ]),
      endpoint: "/v1/embeddings",
      completion_window: "24h",
    });
    await drainSandboxWorkers();
    const r = await client.batches.retrieve(responses.id);
    expect(r).toMatchObject({ status: "completed", request_counts: { total: 2, completed: 1, failed: 1 } });
    const [answer] = await jsonl(r.output_file_id ?? "");
    expectSchema("Response", answer.response.body);
    const [streamed] = await jsonl(r.error_file_id ?? "");
    expect(streamed.response.body.error.param).toBe("stream");
    const e = await client.batches.retrieve(embeddings.id);
    expect(e.status).toBe("completed");
    const [embedded] = await jsonl(e.output_file_id ?? "");
    expectSchema("CreateEmbeddingResponse", embedded.response.body);
    expect(e.usage?.input_tokens).toBe(embedded.response.body.usage.prompt_tokens);
  });

  test("a file with bad lines fails the batch, naming each line", async () => {
    const fileId = await inputFile([
      chatLine("a", "one"),
      chatLine("a", "duplicate"),
      { custom_id: "b", method: "GET", url: "/v1/chat/completions", body: { model: "sandbox-chat" } },
      { custom_id: "c", method: "POST", url: "/v1/embeddings", body: { model: "sandbox-chat" } },
      { custom_id: "d", method: "POST", url: "/v1/chat/completions", body: { model: "sandbox-chat-mini", messages: [] } },
      { method: "POST", url: "/v1/chat/completions", body: { model: "sandbox-chat" } },
      { custom_id: "e", method: "POST", url: "/v1/chat/completions" },
    ]);
    const batch = await client.batches.create({ input_file_id: fileId, endpoint: "/v1/chat/completions", completion_window: "24h" });
    await drainSandboxWorkers();
    const failed = await raw(batch.id);
    expectSchema("Batch", failed);
    expect(failed.status).toBe("failed");
    expect(failed.failed_at).toBeDefined();
    expect(failed.output_file_id).toBeUndefined();
    const byLine = failed.errors.data.map((e: { line: number; code: string; param: string }) => [e.line, e.code, e.param]);
    expect(byLine).toEqual([
      [2, "duplicate_custom_id", "custom_id"],
      [3, "invalid_method", "method"],
      [4, "invalid_url", "url"],
      [5, "mismatched_model", "body.model"],
      [6, "missing_required_parameter", "custom_id"],
      [7, "missing_required_parameter", "body"],
    ]);
    expect(failed.errors.data[0].message).toContain("line 1");
  });

  test("create checks its parameters as the API does", async () => {
    const fileId = await inputFile([chatLine("x", "hi")]);
    const base = { input_file_id: fileId, endpoint: "/v1/chat/completions" as const, completion_window: "24h" as const };
    expect(await failure(client.batches.create({ ...base, completion_window: "1h" as "24h" }))).toMatchObject({
      status: 400,
      param: "completion_window",
    });
    expect(await failure(client.batches.create({ ...base, endpoint: "/v1/moderations" }))).toMatchObject({
      status: 400,
      param: "endpoint",
    });
    expect(await failure(client.batches.create({ ...base, input_file_id: "file-nope" }))).toMatchObject({
      status: 404,
      param: "input_file_id",
    });
    const notBatch = await inputFile([chatLine("x", "hi")], "assistants");
    expect(await failure(client.batches.create({ ...base, input_file_id: notBatch }))).toMatchObject({
      status: 400,
      param: "input_file_id",
    });
    expect(await failure(client.batches.retrieve("batch_nope"))).toMatchObject({ status: 404 });
  });

  test("cancel stops a running batch; what ran is in its files", async () => {
    const lines = Array.from({ length: 30 }, (_, i) => chatLine(`c-${i}`, `line ${i}`));
    const batch = await client.batches.create({
      input_file_id: await inputFile(lines),
      endpoint: "/v1/chat/completions",
      completion_window: "24h",
    });
    await runNextBatchStep(); // validated
    // Slow enough that the cancel lands with lines still to run, however loaded the machine.
    process.env.SANDBOX_BATCH_LINE_DELAY_MS = "150";
    const running = runNextBatchStep();
    await waitFor(async () => ((await client.batches.retrieve(batch.id)).request_counts?.completed ?? 0) >= 2, "two lines done");
    const cancelling = await (await client.batches.cancel(batch.id).asResponse()).json();
    expect(cancelling.status).toBe("cancelling");
    expect(cancelling.cancelling_at).toBeDefined();
    await running;
    process.env.SANDBOX_BATCH_LINE_DELAY_MS = "0";
    await drainSandboxWorkers();
    const cancelled = await raw(batch.id);
    expectSchema("Batch", cancelled);
    expect(cancelled.status).toBe("cancelled");
    expect(cancelled.cancelled_at).toBeDefined();
    const ran = cancelled.request_counts.completed;
    expect(ran).toBeGreaterThanOrEqual(2);
    expect(ran).toBeLessThan(30);
    expect(await jsonl(cancelled.output_file_id)).toHaveLength(ran);
    expect((await client.batches.cancel(batch.id)).status).toBe("cancelled");
    expect(await failure(client.batches.cancel("batch_nope"))).toMatchObject({ status: 404 });
  });

  test("a finished batch cannot be cancelled", async () => {
    const batch = await client.batches.create({
      input_file_id: await inputFile([chatLine("z", "hi")]),
      endpoint: "/v1/chat/completions",
      completion_window: "24h",
    });
    await drainSandboxWorkers();
    expect(await failure(client.batches.cancel(batch.id))).toMatchObject({ status: 400, code: "batch_not_cancellable" });
  });

  test("lists page newest first and hold only the project's batches", async () => {
    const other = new OpenAI({ baseURL: sandbox.baseURL, apiKey: await issueSandboxKey("other", "proj-other"), maxRetries: 0 });
    const fileId = await inputFile([chatLine("x", "hi")]);
    const first = await client.batches.create({ input_file_id: fileId, endpoint: "/v1/chat/completions", completion_window: "24h" });
    const second = await client.batches.create({ input_file_id: fileId, endpoint: "/v1/chat/completions", completion_window: "24h" });
    const page = await (await client.batches.list({ limit: 1 }).asResponse()).json();
    expectSchema("ListBatchesResponse", page);
    expect(page.data.map((b: { id: string }) => b.id)).toEqual([second.id]);
    expect(page.has_more).toBe(true);
    const next = await client.batches.list({ limit: 1, after: second.id });
    expect(next.data.map((b) => b.id)).toEqual([first.id]);
    expect((await other.batches.list()).data).toEqual([]);
    expect((await failure(other.batches.retrieve(first.id))).status).toBe(404);
    expect((await failure(other.batches.cancel(first.id))).status).toBe(404);
    // Nor may another project run a batch over this project's file.
    expect(
      (await failure(other.batches.create({ input_file_id: fileId, endpoint: "/v1/chat/completions", completion_window: "24h" }))).status,
    ).toBe(404);
    await drainSandboxWorkers();
    const done = await client.batches.retrieve(first.id);
    expect((await failure(other.files.retrieve(done.output_file_id ?? ""))).status).toBe(404);
    expect((await client.files.retrieve(done.output_file_id ?? "")).id).toBe(done.output_file_id);
  });

  test("past its completion window a batch expires, its unrun lines in the error file", async () => {
    const lines = Array.from({ length: 3 }, (_, i) => chatLine(`x-${i}`, `line ${i}`));
    const batch = await client.batches.create({
      input_file_id: await inputFile(lines),
      endpoint: "/v1/chat/completions",
      completion_window: "24h",
    });
    await runNextBatchStep();
    const prisma = await db();
    await prisma.sandboxBatch.update({ where: { id: batch.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await drainSandboxWorkers();
    const expired = await raw(batch.id);
    expectSchema("Batch", expired);
    expect(expired.status).toBe("expired");
    const errors = await jsonl(expired.error_file_id);
    expect(errors.map((e) => [e.custom_id, e.error?.code])).toEqual([
      ["x-0", "batch_expired"],
      ["x-1", "batch_expired"],
      ["x-2", "batch_expired"],
    ]);
  });
});
