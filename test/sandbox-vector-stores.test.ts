import { describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { STANDALONE_PROJECT } from "@/lib/sandbox/auth";
import { chunkText } from "@/lib/sandbox/vector-stores/chunking";
import { searchVectorStores } from "@/lib/sandbox/vector-stores/search";
import { drainSandboxWorkers } from "@/lib/sandbox/workers";
import { expectSchema, skipWithoutSpec } from "./support/openapi";
import { sandboxForThisFile } from "./support/sandbox-server";
import { BAKING_TEXT, chunkCount, expectApiError, rawBody, SPACE_TEXT, storeFile, upload } from "./support/vector-stores";

// The vector store journey through the official client: create a store, attach files, let the
// ingestion worker index them, search, and the batch, expiry and pagination paths around it.

/** The length of the longest end of `a` that `b` starts with. */
function sharedLength(a: string, b: string): number {
  for (let n = Math.min(a.length, b.length); n > 0; n--) if (a.endsWith(b.slice(0, n))) return n;
  return 0;
}

const sandbox = sandboxForThisFile();

describe.skipIf(skipWithoutSpec)("vector stores in the sandbox", () => {
  test("two files are indexed in the background, then a search ranks the file holding the phrase first", async () => {
    const created = await rawBody(sandbox.client.vectorStores.create({ name: "Knowledge", metadata: { team: "docs" } }));
    expectSchema("VectorStoreObject", created);
    expect(created).toMatchObject({ name: "Knowledge", status: "completed", usage_bytes: 0, metadata: { team: "docs" } });
    const storeId = created.id as string;

    const spaceId = await upload(sandbox.client, "space.txt", SPACE_TEXT);
    const bakingId = await upload(sandbox.client, "baking.md", BAKING_TEXT);
    const attached = await rawBody(
      sandbox.client.vectorStores.files.create(storeId, { file_id: spaceId, attributes: { topic: "space", year: 2024 } }),
    );
    expectSchema("VectorStoreFileObject", attached);
    expect(attached).toMatchObject({ id: spaceId, status: "in_progress", vector_store_id: storeId, last_error: null });
    expect(attached.chunking_strategy).toEqual({ type: "static", static: { max_chunk_size_tokens: 800, chunk_overlap_tokens: 400 } });
    await sandbox.client.vectorStores.files.create(storeId, { file_id: bakingId, attributes: { topic: "baking", year: 2021 } });

    const pending = await sandbox.client.vectorStores.retrieve(storeId);
    expect(pending.status).toBe("in_progress");
    expect(pending.file_counts).toEqual({ in_progress: 2, completed: 0, failed: 0, cancelled: 0, total: 2 });
    expect(await chunkCount({ vectorStoreId: storeId })).toBe(0);

    await drainSandboxWorkers();
    const ready = await rawBody(sandbox.client.vectorStores.retrieve(storeId));
    expectSchema("VectorStoreObject", ready);
    expect(ready.status).toBe("completed");
    expect(ready.file_counts).toEqual({ in_progress: 0, completed: 2, failed: 0, cancelled: 0, total: 2 });
    const files = await rawBody(sandbox.client.vectorStores.files.list(storeId));
    expectSchema("ListVectorStoreFilesResponse", files);
    const fileUsage = (files.data as { usage_bytes: number }[]).reduce((sum, f) => sum + f.usage_bytes, 0);
    expect(fileUsage).toBeGreaterThan(0);
    expect(ready.usage_bytes).toBe(fileUsage);
    expect(await chunkCount({ vectorStoreId: storeId, fileId: spaceId })).toBe(1);

    const page = await rawBody(sandbox.client.vectorStores.search(storeId, { query: "distant nebula telescope" }));
    expectSchema("VectorStoreSearchResultsPage", page);
    expect(page.search_query).toEqual(["distant nebula telescope"]);
    const results = page.data as { file_id: string; filename: string; score: number; attributes: unknown; content: { text: string }[] }[];
    expect(results[0]).toMatchObject({ file_id: spaceId, filename: "space.txt", attributes: { topic: "space", year: 2024 } });
    expect(results[0].content[0].text).toContain("distant nebula");
    expect(results[0].score).toBeGreaterThan(results[1].score);

    const baking = await sandbox.client.vectorStores.search(storeId, { query: "knead the sourdough dough" });
    expect(baking.data[0].file_id).toBe(bakingId);

    const content = await rawBody(sandbox.client.vectorStores.files.content(spaceId, { vector_store_id: storeId }));
    expectSchema("VectorStoreFileContentResponse", content);
    expect(content.data).toEqual([{ type: "text", text: SPACE_TEXT }]);
  });

  test("score threshold, attribute filters (eq, compound) and max_num_results narrow the results", async () => {
    const store = await sandbox.client.vectorStores.create({ name: "Filters" });
    const spaceId = await upload(sandbox.client, "space.txt", SPACE_TEXT);
    const bakingId = await upload(sandbox.client, "baking.md", BAKING_TEXT);
    await sandbox.client.vectorStores.files.create(store.id, { file_id: spaceId, attributes: { topic: "space", year: 2024 } });
    await sandbox.client.vectorStores.files.create(store.id, { file_id: bakingId, attributes: { topic: "baking", year: 2021 } });
    await drainSandboxWorkers();

    const all = await sandbox.client.vectorStores.search(store.id, { query: "telescope nebula" });
    expect(all.data.map((r) => r.file_id)).toEqual([spaceId, bakingId]);
    const threshold = (all.data[0].score + all.data[1].score) / 2;
    const strong = await sandbox.client.vectorStores.search(store.id, {
      query: "telescope nebula",
      ranking_options: { score_threshold: threshold },
    });
    expect(strong.data.map((r) => r.file_id)).toEqual([spaceId]);

    const onlyBaking = await sandbox.client.vectorStores.search(store.id, {
      query: "telescope nebula",
      filters: { type: "eq", key: "topic", value: "baking" },
    });
    expect(onlyBaking.data.map((r) => r.file_id)).toEqual([bakingId]);

    const recentSpace = await rawBody(
      sandbox.client.vectorStores.search(store.id, {
        query: "sourdough loaf",
        filters: {
          type: "and",
          filters: [
            { type: "gte", key: "year", value: 2022 },
            { type: "ne", key: "topic", value: "baking" },
          ],
        },
      }),
    );
    expectSchema("VectorStoreSearchResultsPage", recentSpace);
    expect((recentSpace.data as { file_id: string }[]).map((r) => r.file_id)).toEqual([spaceId]);

    const either = await sandbox.client.vectorStores.search(store.id, {
      query: "sourdough loaf",
      filters: {
        type: "or",
        filters: [
          { type: "eq", key: "topic", value: "space" },
          { type: "lt", key: "year", value: 2022 },
        ],
      },
    });
    expect(either.data.map((r) => r.file_id).sort()).toEqual([spaceId, bakingId].sort());
    const none = await sandbox.client.vectorStores.search(store.id, {
      query: "sourdough loaf",
      filters: { type: "eq", key: "topic", value: "poetry" },
    });
    expect(none.data).toEqual([]);

    const one = await sandbox.client.vectorStores.search(store.id, { query: "sourdough loaf", max_num_results: 1 });
    expect(one.data).toHaveLength(1);
    expect(one.data[0].file_id).toBe(bakingId);
  });

  test("the chunk holding every query word ranks first; ranker none keeps the vector score alone", async () => {
    // A long field guide that mentions both words once, and a short note repeating one of them.
    const guide = [
      "Field guide to the savanna at dusk: a lone zebra grazes near the acacia while the herd moves on.",
      "Rangers carry binoculars, a compass, water, maps, radios and a small telescope for the ridge.",
      "Lions rest in shade; giraffes browse; vultures circle above the dry riverbed and termite mounds.",
    ].join(" ");
    const store = await sandbox.client.vectorStores.create({ name: "Ranking" });
    const guideId = await upload(sandbox.client, "guide.txt", guide);
    const noteId = await upload(sandbox.client, "note.txt", "telescope telescope telescope");
    await sandbox.client.vectorStores.fileBatches.create(store.id, { file_ids: [guideId, noteId] });
    await drainSandboxWorkers();

    const hybrid = await sandbox.client.vectorStores.search(store.id, { query: "zebra telescope" });
    expect(hybrid.data.map((r) => r.file_id)).toEqual([guideId, noteId]);
    const vectorOnly = await sandbox.client.vectorStores.search(store.id, {
      query: "zebra telescope",
      ranking_options: { ranker: "none" },
    });
    expect(vectorOnly.data.map((r) => r.file_id)).toEqual([noteId, guideId]);
    // The blend is the vector score plus the share of query words present (all of them here).
    const guideVector = vectorOnly.data[1].score;
    expect(hybrid.data[0].score).toBeCloseTo(0.4 * guideVector + 0.6, 5);
  });

  test("a static chunking strategy cuts overlapping windows of the asked size", async () => {
    const long = Array.from({ length: 40 }, (_, i) => `Paragraph ${i} describes lighthouse number ${i} on the rocky northern coast.`).join(
      "\n",
    );
    const fileId = await upload(sandbox.client, "lighthouses.txt", long);
    const store = await sandbox.client.vectorStores.create({ name: "Chunks" });
    const strategy = { type: "static" as const, static: { max_chunk_size_tokens: 100, chunk_overlap_tokens: 50 } };
    const attached = await sandbox.client.vectorStores.files.create(store.id, { file_id: fileId, chunking_strategy: strategy });
    expect(attached.chunking_strategy).toEqual(strategy);
    await drainSandboxWorkers();

    const expected = chunkText(long, strategy);
    expect(expected.length).toBeGreaterThan(3);
    const chunks = await (await db()).sandboxChunk.findMany({ where: { vectorStoreId: store.id }, orderBy: { position: "asc" } });
    expect(chunks.map((c) => c.text)).toEqual(expected.map((c) => c.text));
    expect(chunks.every((c) => c.tokens <= 100)).toBe(true);
    expect(chunks[0].tokens).toBe(100);
    // Consecutive windows share their overlap: the second half of one is the first half of the next.
    for (let i = 1; i < chunks.length; i++) expect(sharedLength(chunks[i - 1].text, chunks[i].text)).toBeGreaterThan(100);
    expect(chunks.at(-1)?.text.endsWith("northern coast.")).toBe(true);
    const hit = await sandbox.client.vectorStores.search(store.id, { query: "lighthouse number 37" });
    expect(hit.data[0].content[0].text).toContain("lighthouse number 37");
  });

  test("a batch of three files, one unsupported: that file fails with unsupported_file and the batch completes", async () => {
    const store = await sandbox.client.vectorStores.create({ name: "Batch" });
    const notes = await upload(sandbox.client, "notes.json", JSON.stringify({ topic: "volcanoes", facts: ["magma", "lava", "ash"] }));
    const log = await upload(sandbox.client, "events.jsonl", '{"event":"eruption"}\n{"event":"earthquake"}\n');
    const image = await upload(sandbox.client, "photo.png", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
    const batch = await rawBody(
      sandbox.client.vectorStores.fileBatches.create(store.id, {
        files: [{ file_id: notes, attributes: { kind: "notes" } }, { file_id: log, attributes: { kind: "log" } }, { file_id: image }],
      }),
    );
    expectSchema("VectorStoreFileBatchObject", batch);
    expect(batch).toMatchObject({
      status: "in_progress",
      file_counts: { in_progress: 3, completed: 0, failed: 0, cancelled: 0, total: 3 },
    });

    await drainSandboxWorkers();
    const done = await rawBody(sandbox.client.vectorStores.fileBatches.retrieve(batch.id as string, { vector_store_id: store.id }));
    expectSchema("VectorStoreFileBatchObject", done);
    expect(done).toMatchObject({ status: "completed", file_counts: { in_progress: 0, completed: 2, failed: 1, cancelled: 0, total: 3 } });

    const failed = await rawBody(
      sandbox.client.vectorStores.fileBatches.listFiles(batch.id as string, { vector_store_id: store.id, filter: "failed" }),
    );
    expectSchema("ListVectorStoreFilesResponse", failed);
    const [png] = failed.data as { id: string; last_error: { code: string; message: string } }[];
    expect(failed.data).toHaveLength(1);
    expect(png.id).toBe(image);
    expect(png.last_error.code).toBe("unsupported_file");
    expect(png.last_error.message).toContain(".png");
    const completed = await sandbox.client.vectorStores.fileBatches.listFiles(batch.id as string, {
      vector_store_id: store.id,
      filter: "completed",
    });
    expect(completed.data.map((f) => f.attributes?.kind).sort()).toEqual(["log", "notes"]);
    const hit = await sandbox.client.vectorStores.search(store.id, { query: "earthquake eruption" });
    expect(hit.data[0].file_id).toBe(log);
    const storeNow = await sandbox.client.vectorStores.retrieve(store.id);
    expect(storeNow.file_counts).toEqual({ in_progress: 0, completed: 2, failed: 1, cancelled: 0, total: 3 });
  });

  test("cancelling a batch before the worker runs cancels its files, and nothing is indexed", async () => {
    const store = await sandbox.client.vectorStores.create({ name: "Cancelled" });
    const ids = [await upload(sandbox.client, "a.txt", SPACE_TEXT), await upload(sandbox.client, "b.txt", BAKING_TEXT)];
    const batch = await sandbox.client.vectorStores.fileBatches.create(store.id, { file_ids: ids, attributes: { source: "wiki" } });
    const cancelled = await rawBody(sandbox.client.vectorStores.fileBatches.cancel(batch.id, { vector_store_id: store.id }));
    expectSchema("VectorStoreFileBatchObject", cancelled);
    expect(cancelled).toMatchObject({ status: "cancelled", file_counts: { in_progress: 0, cancelled: 2, total: 2 } });
    await drainSandboxWorkers();
    expect(await chunkCount({ vectorStoreId: store.id })).toBe(0);
    const files = await sandbox.client.vectorStores.files.list(store.id, { filter: "cancelled" });
    expect(files.data.map((f) => f.id).sort()).toEqual([...ids].sort());
    expect((await sandbox.client.vectorStores.retrieve(store.id)).file_counts).toMatchObject({ cancelled: 2, completed: 0, total: 2 });
    await expectApiError(sandbox.client.vectorStores.fileBatches.cancel(batch.id, { vector_store_id: store.id }), {
      status: 400,
      param: "batch_id",
    });
  });

  test("pagination walks every store and every file exactly once, forwards and backwards", async () => {
    for (let i = 0; i < 5; i++) await sandbox.client.vectorStores.create({ name: `Page ${i}` });
    const total = await (await db()).sandboxVectorStore.count();
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await rawBody(sandbox.client.vectorStores.list({ limit: 2, order: "asc", ...(after ? { after } : {}) }));
      expectSchema("ListVectorStoresResponse", page);
      const data = page.data as { id: string }[];
      seen.push(...data.map((s) => s.id));
      if (!page.has_more) break;
      after = page.last_id as string;
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    const auto: string[] = [];
    for await (const store of sandbox.client.vectorStores.list({ limit: 3 })) auto.push(store.id);
    expect(auto).toEqual([...seen].reverse());

    const store = await sandbox.client.vectorStores.create({ name: "Many files" });
    const fileIds: string[] = [];
    for (let i = 0; i < 5; i++) fileIds.push(await upload(sandbox.client, `f${i}.txt`, `file number ${i}`));
    for (const id of fileIds) await sandbox.client.vectorStores.files.create(store.id, { file_id: id });
    const walked: string[] = [];
    for await (const file of sandbox.client.vectorStores.files.list(store.id, { limit: 2, order: "asc" })) walked.push(file.id);
    expect(walked).toEqual(fileIds);
    const last = await sandbox.client.vectorStores.files.list(store.id, { limit: 2, order: "asc", before: fileIds[4] });
    expect(last.data.map((f) => f.id)).toEqual([fileIds[2], fileIds[3]]);
    await expectApiError(sandbox.client.vectorStores.files.list(store.id, { after: "file-unknown" }), { status: 400, param: "after" });
  });

  test("a store with an expiry policy expires after its days of inactivity; searching moves it forward", async () => {
    const created = await rawBody(
      sandbox.client.vectorStores.create({ name: "Ephemeral", expires_after: { anchor: "last_active_at", days: 2 } }),
    );
    expectSchema("VectorStoreObject", created);
    expect(created.expires_after).toEqual({ anchor: "last_active_at", days: 2 });
    expect(created.expires_at).toBe((created.last_active_at as number) + 2 * 86400);
    const id = created.id as string;
    const prisma = await db();

    const longAgo = new Date(Date.now() - 86_400_000);
    await prisma.sandboxVectorStore.update({
      where: { id },
      data: { lastActiveAt: longAgo, expiresAt: new Date(longAgo.getTime() + 2 * 86_400_000) },
    });
    await sandbox.client.vectorStores.search(id, { query: "anything" });
    const touched = await sandbox.client.vectorStores.retrieve(id);
    expect(touched.last_active_at).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) - 5);
    expect(touched.expires_at).toBe((touched.last_active_at as number) + 2 * 86400);

    await prisma.sandboxVectorStore.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await rawBody(sandbox.client.vectorStores.retrieve(id));
    expectSchema("VectorStoreObject", expired);
    expect(expired.status).toBe("expired");
    await expectApiError(sandbox.client.vectorStores.search(id, { query: "anything" }), { status: 400, message: "has expired" });
    const fileId = await upload(sandbox.client, "late.txt", "too late");
    await expectApiError(sandbox.client.vectorStores.files.create(id, { file_id: fileId }), { status: 400, message: "has expired" });

    const kept = await sandbox.client.vectorStores.update(id, { name: "Renamed", metadata: { a: "1" } });
    expect(kept).toMatchObject({ name: "Renamed", metadata: { a: "1" }, status: "expired" });
    const lifted = await rawBody(sandbox.client.vectorStores.update(id, { expires_after: null }));
    expectSchema("VectorStoreObject", lifted);
    expect(lifted).toMatchObject({ status: "completed", expires_at: null });
    expect(lifted.expires_after).toBeUndefined();
  });

  test("modify changes name, metadata and the expiry policy; delete answers the deleted object", async () => {
    const store = await sandbox.client.vectorStores.create({ name: "Before" });
    const updated = await rawBody(
      sandbox.client.vectorStores.update(store.id, {
        name: "After",
        metadata: { owner: "ana" },
        expires_after: { anchor: "last_active_at", days: 7 },
      }),
    );
    expectSchema("VectorStoreObject", updated);
    expect(updated).toMatchObject({ name: "After", metadata: { owner: "ana" }, expires_after: { anchor: "last_active_at", days: 7 } });
    expect(updated.expires_at).toBe((updated.last_active_at as number) + 7 * 86400);
    const deleted = await rawBody(sandbox.client.vectorStores.delete(store.id));
    expectSchema("DeleteVectorStoreResponse", deleted);
    expect(deleted).toEqual({ id: store.id, object: "vector_store.deleted", deleted: true });
    await expectApiError(sandbox.client.vectorStores.retrieve(store.id), {
      status: 404,
      message: `No vector store found with id '${store.id}'.`,
    });
  });

  test("detaching a file removes its chunks and keeps the file; deleting a store removes everything it held", async () => {
    const store = await sandbox.client.vectorStores.create({ name: "Detach" });
    const spaceId = await upload(sandbox.client, "space.txt", SPACE_TEXT);
    const bakingId = await upload(sandbox.client, "baking.md", BAKING_TEXT);
    await sandbox.client.vectorStores.fileBatches.create(store.id, { file_ids: [spaceId, bakingId] });
    await drainSandboxWorkers();
    expect(await chunkCount({ vectorStoreId: store.id, fileId: spaceId })).toBe(1);

    const updated = await rawBody(
      sandbox.client.vectorStores.files.update(spaceId, { vector_store_id: store.id, attributes: { pinned: true } }),
    );
    expectSchema("VectorStoreFileObject", updated);
    expect(updated.attributes).toEqual({ pinned: true });

    const removed = await rawBody(sandbox.client.vectorStores.files.delete(spaceId, { vector_store_id: store.id }));
    expectSchema("DeleteVectorStoreFileResponse", removed);
    expect(removed).toEqual({ id: spaceId, object: "vector_store.file.deleted", deleted: true });
    expect(await chunkCount({ vectorStoreId: store.id, fileId: spaceId })).toBe(0);
    expect(await chunkCount({ vectorStoreId: store.id, fileId: bakingId })).toBe(1);
    expect((await sandbox.client.files.retrieve(spaceId)).id).toBe(spaceId);
    const search = await sandbox.client.vectorStores.search(store.id, { query: "telescope nebula" });
    expect(search.data.map((r) => r.file_id)).toEqual([bakingId]);
    await expectApiError(sandbox.client.vectorStores.files.retrieve(spaceId, { vector_store_id: store.id }), {
      status: 404,
      param: "file_id",
      message: `No file found with id '${spaceId}' in vector store '${store.id}'.`,
    });

    await sandbox.client.vectorStores.delete(store.id);
    expect(await chunkCount({ vectorStoreId: store.id })).toBe(0);
    expect(await (await db()).sandboxVectorStoreFile.count({ where: { vectorStoreId: store.id } })).toBe(0);
  });

  test("empty, undecodable and malformed files fail with a clear last_error", async () => {
    const store = await sandbox.client.vectorStores.create({ name: "Bad files" });
    const cases = [
      { id: await storeFile("empty.txt", "  \n"), code: "invalid_file", message: "empty" },
      { id: await upload(sandbox.client, "binary.txt", Buffer.from([0x41, 0x00, 0xff, 0xfe])), code: "invalid_file", message: "UTF-8" },
      { id: await upload(sandbox.client, "broken.json", '{"a": '), code: "invalid_file", message: "not valid JSON" },
      { id: await upload(sandbox.client, "report.pdf", "%PDF-1.7 not really"), code: "unsupported_file", message: ".pdf" },
    ];
    for (const c of cases) await sandbox.client.vectorStores.files.create(store.id, { file_id: c.id });
    await drainSandboxWorkers();
    for (const c of cases) {
      const file = await rawBody(sandbox.client.vectorStores.files.retrieve(c.id, { vector_store_id: store.id }));
      expectSchema("VectorStoreFileObject", file);
      expect(file.status).toBe("failed");
      expect(file.last_error).toMatchObject({ code: c.code, message: expect.stringContaining(c.message) });
    }
    expect(await chunkCount({ vectorStoreId: store.id })).toBe(0);
    expect((await sandbox.client.vectorStores.retrieve(store.id)).file_counts).toMatchObject({ failed: 4, total: 4 });
  });

  test("searchVectorStores (the file_search tool's entry) searches several stores and validates like the endpoint", async () => {
    const a = await sandbox.client.vectorStores.create({ name: "A", file_ids: [await upload(sandbox.client, "space.txt", SPACE_TEXT)] });
    const bakingId = await upload(sandbox.client, "baking.md", BAKING_TEXT);
    const b = await sandbox.client.vectorStores.create({ name: "B" });
    await sandbox.client.vectorStores.files.create(b.id, { file_id: bakingId, attributes: { topic: "baking" } });
    await drainSandboxWorkers();
    const hits = await searchVectorStores(STANDALONE_PROJECT, [a.id, b.id], "sourdough crust", { maxResults: 5 });
    expect(hits[0]).toMatchObject({ fileId: bakingId, filename: "baking.md", attributes: { topic: "baking" } });
    expect(hits[0].text).toContain("Sourdough");
    expect(hits.every((h) => h.score >= 0 && h.score <= 1)).toBe(true);
    expect(await searchVectorStores(STANDALONE_PROJECT, [a.id, b.id], "sourdough crust", { maxResults: 1 })).toHaveLength(1);
    const filtered = await searchVectorStores(STANDALONE_PROJECT, [a.id, b.id], "sourdough", {
      maxResults: 5,
      filters: { type: "eq", key: "topic", value: "space" },
    });
    expect(filtered).toEqual([]);
    await expect(searchVectorStores(STANDALONE_PROJECT, ["vs_missing"], "x", { maxResults: 5 })).rejects.toMatchObject({ status: 404 });
    await expect(searchVectorStores(STANDALONE_PROJECT, [a.id], "x", { maxResults: 5, filters: { type: "like" } })).rejects.toMatchObject({
      status: 400,
      param: "filters.type",
    });
  });
});
