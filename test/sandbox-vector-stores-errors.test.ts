import type OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { skipWithoutSpec } from "./support/openapi";
import { startSandboxServer } from "./support/sandbox-server";
import { expectApiError, upload } from "./support/vector-stores";

// Bad requests to the vector store endpoints answer as the real API does: status, type, code and
// param, each in OpenAI's error shape (expectApiError validates it against ErrorResponse).

let sandbox: Awaited<ReturnType<typeof startSandboxServer>>;
let client: OpenAI;
let storeId: string;
let fileId: string;
beforeAll(async () => {
  sandbox = await startSandboxServer();
  client = sandbox.client;
  storeId = (await client.vectorStores.create({ name: "Errors" })).id;
  fileId = await upload(client, "ok.txt", "some text to index");
});
afterAll(async () => {
  await sandbox.close();
});

const longString = (n: number) => "x".repeat(n);

describe.skipIf(skipWithoutSpec)("vector store errors", () => {
  test("unknown and malformed ids", async () => {
    await expectApiError(client.vectorStores.retrieve("vs_doesnotexist"), {
      status: 404,
      param: "vector_store_id",
      message: "No vector store found with id 'vs_doesnotexist'.",
    });
    await expectApiError(client.vectorStores.retrieve("file-abc"), {
      status: 400,
      code: "invalid_value",
      param: "vector_store_id",
      message: "Invalid 'vector_store_id': 'file-abc'. Expected an ID that begins with 'vs_'.",
    });
    await expectApiError(client.vectorStores.delete("vs_doesnotexist"), { status: 404 });
    await expectApiError(client.vectorStores.files.create(storeId, { file_id: "file-missing" }), {
      status: 404,
      param: "file_id",
      message: "No file found with id 'file-missing'.",
    });
    await expectApiError(client.vectorStores.create({ file_ids: [fileId, "file-missing"] }), { status: 404, param: "file_ids" });
    await expectApiError(client.vectorStores.files.retrieve("file-missing", { vector_store_id: storeId }), {
      status: 404,
      message: `No file found with id 'file-missing' in vector store '${storeId}'.`,
    });
    await expectApiError(client.vectorStores.files.delete("file-missing", { vector_store_id: storeId }), { status: 404, param: "file_id" });
    await expectApiError(client.vectorStores.fileBatches.retrieve("vs_wrong", { vector_store_id: storeId }), {
      status: 400,
      param: "batch_id",
      message: "Invalid 'batch_id': 'vs_wrong'. Expected an ID that begins with 'vsfb_'.",
    });
    await expectApiError(client.vectorStores.fileBatches.retrieve("vsfb_missing", { vector_store_id: storeId }), {
      status: 404,
      param: "batch_id",
    });
    await expectApiError(client.vectorStores.search("vs_doesnotexist", { query: "x" }), { status: 404, param: "vector_store_id" });
  });

  test("a bad chunking strategy is refused before anything is attached", async () => {
    const strategy = (max: number, overlap: number) => ({
      type: "static" as const,
      static: { max_chunk_size_tokens: max, chunk_overlap_tokens: overlap },
    });
    await expectApiError(client.vectorStores.files.create(storeId, { file_id: fileId, chunking_strategy: strategy(50, 10) }), {
      status: 400,
      code: "integer_below_min_value",
      param: "chunking_strategy.static.max_chunk_size_tokens",
    });
    await expectApiError(client.vectorStores.files.create(storeId, { file_id: fileId, chunking_strategy: strategy(5000, 10) }), {
      status: 400,
      code: "integer_above_max_value",
      param: "chunking_strategy.static.max_chunk_size_tokens",
    });
    await expectApiError(client.vectorStores.files.create(storeId, { file_id: fileId, chunking_strategy: strategy(800, 401) }), {
      status: 400,
      code: "invalid_value",
      param: "chunking_strategy.static.chunk_overlap_tokens",
    });
    await expectApiError(client.vectorStores.files.create(storeId, { file_id: fileId, chunking_strategy: strategy(800, -1) }), {
      status: 400,
      code: "integer_below_min_value",
      param: "chunking_strategy.static.chunk_overlap_tokens",
    });
    await expectApiError(
      client.vectorStores.fileBatches.create(storeId, { file_ids: [fileId], chunking_strategy: { type: "fancy" } as never }),
      { status: 400, code: "invalid_value", param: "chunking_strategy.type" },
    );
    await expectApiError(client.vectorStores.create({ file_ids: [fileId], chunking_strategy: { type: "static" } as never }), {
      status: 400,
      code: "missing_required_parameter",
      param: "chunking_strategy.static",
    });
    expect((await client.vectorStores.files.list(storeId)).data).toEqual([]);
  });

  test("bad search requests: filters, max_num_results, ranking options, query", async () => {
    const search = (body: Record<string, unknown>) => client.vectorStores.search(storeId, { query: "text", ...body } as never);
    await expectApiError(search({ filters: { type: "like", key: "a", value: "b" } }), {
      status: 400,
      code: "invalid_value",
      param: "filters.type",
    });
    await expectApiError(search({ filters: { type: "eq", value: "b" } }), {
      status: 400,
      code: "missing_required_parameter",
      param: "filters.key",
    });
    await expectApiError(search({ filters: { type: "eq", key: "a", value: { nested: true } } }), {
      status: 400,
      code: "invalid_type",
      param: "filters.value",
    });
    await expectApiError(search({ filters: { type: "and", filters: "nope" } }), {
      status: 400,
      code: "invalid_type",
      param: "filters.filters",
    });
    await expectApiError(
      search({
        filters: {
          type: "or",
          filters: [
            { type: "eq", key: "a", value: 1 },
            { type: "gt", key: "b" },
          ],
        },
      }),
      {
        status: 400,
        param: "filters.filters[1].value",
      },
    );
    await expectApiError(search({ filters: { type: "in", key: "a", value: "not-a-list" } }), { status: 400, param: "filters.value" });
    await expectApiError(search({ max_num_results: 0 }), { status: 400, code: "integer_below_min_value", param: "max_num_results" });
    await expectApiError(search({ max_num_results: 51 }), {
      status: 400,
      code: "integer_above_max_value",
      param: "max_num_results",
      message: "Expected a value <= 50, but got 51 instead.",
    });
    await expectApiError(search({ ranking_options: { score_threshold: 1.5 } }), { status: 400, param: "ranking_options.score_threshold" });
    await expectApiError(search({ ranking_options: { ranker: "best" } }), { status: 400, param: "ranking_options.ranker" });
    await expectApiError(client.vectorStores.search(storeId, {} as never), {
      status: 400,
      code: "missing_required_parameter",
      param: "query",
    });
    await expectApiError(client.vectorStores.search(storeId, { query: [] }), { status: 400, param: "query" });
    const accepted = await client.vectorStores.search(storeId, {
      query: ["The text", "Of it"],
      rewrite_query: true,
      ranking_options: { ranker: "none" },
    });
    expect(accepted.data).toEqual([]);
  });

  test("name, metadata and attribute limits, unknown parameters, expiry policy", async () => {
    await expectApiError(client.vectorStores.create({ name: longString(257) }), {
      status: 400,
      code: "string_above_max_length",
      param: "name",
    });
    await expectApiError(client.vectorStores.create({ name: 42 as never }), { status: 400, code: "invalid_type", param: "name" });
    const tooMany = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, "v"]));
    await expectApiError(client.vectorStores.create({ metadata: tooMany }), {
      status: 400,
      code: "object_above_max_properties",
      param: "metadata",
    });
    await expectApiError(client.vectorStores.create({ metadata: { [longString(65)]: "v" } }), {
      status: 400,
      code: "string_above_max_length",
      param: "metadata",
    });
    await expectApiError(client.vectorStores.update(storeId, { metadata: { note: longString(513) } }), {
      status: 400,
      code: "string_above_max_length",
      param: "metadata.note",
    });
    await expectApiError(client.vectorStores.create({ metadata: { count: 3 } as never }), {
      status: 400,
      code: "invalid_type",
      param: "metadata.count",
    });
    await expectApiError(client.vectorStores.files.create(storeId, { file_id: fileId, attributes: { nested: { a: 1 } } as never }), {
      status: 400,
      code: "invalid_type",
      param: "attributes.nested",
    });
    await expectApiError(client.vectorStores.create({ colour: "blue" } as never), {
      status: 400,
      code: "unknown_parameter",
      param: "colour",
    });
    await expectApiError(client.vectorStores.create({ expires_after: { anchor: "created_at", days: 3 } as never }), {
      status: 400,
      param: "expires_after.anchor",
    });
    await expectApiError(client.vectorStores.create({ expires_after: { anchor: "last_active_at", days: 366 } }), {
      status: 400,
      code: "integer_above_max_value",
      param: "expires_after.days",
    });
    await expectApiError(client.vectorStores.files.update(fileId, { vector_store_id: storeId } as never), { status: 404 });
  });

  test("bad batch and list requests", async () => {
    await expectApiError(client.vectorStores.fileBatches.create(storeId, { file_ids: [] }), {
      status: 400,
      code: "empty_array",
      param: "file_ids",
    });
    await expectApiError(client.vectorStores.fileBatches.create(storeId, {}), { status: 400, code: "missing_required_parameter" });
    await expectApiError(client.vectorStores.fileBatches.create(storeId, { file_ids: [fileId], files: [{ file_id: fileId }] }), {
      status: 400,
      param: "files",
    });
    await expectApiError(client.vectorStores.fileBatches.create(storeId, { files: [{ file_id: fileId }, {} as never] }), {
      status: 400,
      code: "missing_required_parameter",
      param: "files[1].file_id",
    });
    await expectApiError(client.vectorStores.fileBatches.create(storeId, { file_ids: [fileId, "file-gone"] }), {
      status: 404,
      param: "file_ids",
    });
    await expectApiError(client.vectorStores.files.list(storeId, { filter: "done" as never }), {
      status: 400,
      code: "invalid_value",
      param: "filter",
    });
    await expectApiError(client.vectorStores.list({ limit: 101 }), { status: 400, param: "limit" });
    await expectApiError(client.vectorStores.list({ after: "vs_unknown" }), { status: 400, param: "after" });
    expect((await client.vectorStores.files.list(storeId)).data).toEqual([]);
  });
});
