import { describe, expect, test } from "vitest";
import { closeDatabase, db } from "@/lib/db/client";
import { chunkText, type StaticChunking } from "@/lib/sandbox/vector-stores/chunking";
import { claimDueFile, ingestClaimed } from "@/lib/sandbox/vector-stores/ingest";
import { drainSandboxWorkers, startSandboxWorkers, stopSandboxWorkers } from "@/lib/sandbox/workers";
import { databaseKindUnderTest } from "./support/database";
import { skipWithoutSpec } from "./support/openapi";
import { sandboxForThisFile } from "./support/sandbox-server";
import { chunkCount, upload } from "./support/vector-stores";

// Ingestion under failure: a worker that dies holding a lease, a crash in the middle of the
// commit, a restart of the database, concurrent workers, and files that change under a worker.

// The embedded database lives on disk here (not in memory), so closing and reopening it is a
// real restart that keeps what was written.
if (databaseKindUnderTest() === "pglite") {
  await closeDatabase();
  delete process.env.DATABASE_URL;
}

const SMALL: StaticChunking = { type: "static", static: { max_chunk_size_tokens: 100, chunk_overlap_tokens: 20 } };
const longText = (topic: string) =>
  Array.from({ length: 30 }, (_, i) => `Note ${i} about ${topic}: the ${topic} archive keeps record ${i} of many.`).join("\n");

const sandbox = sandboxForThisFile();

async function attach(storeId: string, topic: string, extra: { batch?: boolean } = {}) {
  const text = longText(topic);
  const fileId = await upload(sandbox.client, `${topic}.txt`, text);
  if (extra.batch) {
    const batch = await sandbox.client.vectorStores.fileBatches.create(storeId, { file_ids: [fileId], chunking_strategy: SMALL });
    return { fileId, text, batchId: batch.id };
  }
  await sandbox.client.vectorStores.files.create(storeId, { file_id: fileId, chunking_strategy: SMALL });
  return { fileId, text, batchId: undefined };
}

async function fileRow(vectorStoreId: string, fileId: string) {
  return (await db()).sandboxVectorStoreFile.findUniqueOrThrow({ where: { vectorStoreId_fileId: { vectorStoreId, fileId } } });
}

async function expireLease(vectorStoreId: string, fileId: string) {
  await (await db()).sandboxVectorStoreFile.update({
    where: { vectorStoreId_fileId: { vectorStoreId, fileId } },
    data: { leaseUntil: new Date(Date.now() - 1000) },
  });
}

describe.skipIf(skipWithoutSpec)("vector store ingestion under failure", () => {
  test("a file claimed by a worker that died is taken again once its lease expires, and only once", async () => {
    const store = await sandbox.client.vectorStores.create({ name: "Lease" });
    const { fileId, text } = await attach(store.id, "harbour");
    const claim = await claimDueFile();
    expect(claim).toMatchObject({ vectorStoreId: store.id, fileId });
    const lease = (await fileRow(store.id, fileId)).leaseUntil?.getTime() ?? 0;
    expect(lease - Date.now()).toBeGreaterThan(50_000);
    expect(lease - Date.now()).toBeLessThanOrEqual(60_000);

    // While the lease holds, no other worker touches the file.
    await drainSandboxWorkers();
    expect((await fileRow(store.id, fileId)).status).toBe("in_progress");
    expect(await chunkCount({ fileId })).toBe(0);

    // The worker never comes back; once its lease has run out, the next drain finishes the file.
    await expireLease(store.id, fileId);
    await drainSandboxWorkers();
    const expected = chunkText(text, SMALL).length;
    expect(expected).toBeGreaterThan(3);
    expect((await sandbox.client.vectorStores.files.retrieve(fileId, { vector_store_id: store.id })).status).toBe("completed");
    expect(await chunkCount({ fileId })).toBe(expected);

    // Had the first worker only been slow, its late commit writes nothing: its lease is not the row's.
    expect(await ingestClaimed(claim as NonNullable<typeof claim>)).toBe(false);
    expect(await chunkCount({ fileId })).toBe(expected);
  });

  test("a crash in the middle of the commit leaves the file in progress with no partial chunks, and it is redone", async () => {
    const prisma = await db();
    const store = await sandbox.client.vectorStores.create({ name: "Crash" });
    const { fileId, text } = await attach(store.id, "lantern");
    await prisma.$executeRawUnsafe(
      `CREATE OR REPLACE FUNCTION sb_test_crash() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'simulated crash'; END $$`,
    );
    // The crash strikes at the last moment: when the transaction that marks the file completed
    // commits, after its chunks were written.
    await prisma.$executeRawUnsafe(
      `CREATE CONSTRAINT TRIGGER sb_test_crash AFTER UPDATE ON "SandboxVectorStoreFile" DEFERRABLE INITIALLY DEFERRED
       FOR EACH ROW WHEN (NEW."status" = 'completed') EXECUTE FUNCTION sb_test_crash()`,
    );
    try {
      const outcome = await drainSandboxWorkers().then(
        () => "committed",
        (error: Error) => error.message,
      );
      expect(outcome).toMatch(/simulated crash/);
    } finally {
      await prisma.$executeRawUnsafe(`DROP TRIGGER sb_test_crash ON "SandboxVectorStoreFile"`);
    }
    const row = await fileRow(store.id, fileId);
    expect(row.status).toBe("in_progress");
    expect(row.usageBytes).toBe(0n);
    expect(row.leaseUntil).not.toBeNull();
    expect(await chunkCount({ fileId })).toBe(0);

    await drainSandboxWorkers();
    expect(await chunkCount({ fileId })).toBe(0);
    await expireLease(store.id, fileId);
    await drainSandboxWorkers();
    expect((await fileRow(store.id, fileId)).status).toBe("completed");
    expect(await chunkCount({ fileId })).toBe(chunkText(text, SMALL).length);
  });

  test("a restart of the database in the middle of ingestion: the files are finished afterwards", async () => {
    const store = await sandbox.client.vectorStores.create({ name: "Restart" });
    const first = await attach(store.id, "orchard");
    const second = await attach(store.id, "meadow");
    const claim = await claimDueFile();
    expect(claim?.fileId).toBe(first.fileId);

    await closeDatabase();
    // After the restart the new process's drain takes the file nobody holds; the held one waits
    // for its lease, as a file held by a process that died would.
    await drainSandboxWorkers();
    expect((await fileRow(store.id, second.fileId)).status).toBe("completed");
    expect((await fileRow(store.id, first.fileId)).status).toBe("in_progress");
    await expireLease(store.id, first.fileId);
    await drainSandboxWorkers();

    const after = await sandbox.client.vectorStores.retrieve(store.id);
    expect(after).toMatchObject({ status: "completed", file_counts: { completed: 2, in_progress: 0, total: 2 } });
    expect(await chunkCount({ fileId: first.fileId })).toBe(chunkText(first.text, SMALL).length);
    expect(await chunkCount({ fileId: second.fileId })).toBe(chunkText(second.text, SMALL).length);
  });

  test("concurrent drains never ingest the same file twice", async () => {
    const store = await sandbox.client.vectorStores.create({ name: "Concurrent" });
    const files = [];
    for (const topic of ["river", "canyon", "glacier", "prairie", "tundra", "delta"]) files.push(await attach(store.id, topic));
    await Promise.all([drainSandboxWorkers(), drainSandboxWorkers(), drainSandboxWorkers()]);
    for (const file of files) {
      const chunks = await (await db()).sandboxChunk.findMany({ where: { fileId: file.fileId }, select: { position: true } });
      const expected = chunkText(file.text, SMALL).length;
      expect(chunks).toHaveLength(expected);
      expect(new Set(chunks.map((c) => c.position)).size).toBe(expected);
    }
    expect((await sandbox.client.vectorStores.retrieve(store.id)).file_counts).toMatchObject({ completed: 6, total: 6 });
  });

  test("deleting, cancelling or re-attaching a file while a worker holds it leaves no chunk behind", async () => {
    const store = await sandbox.client.vectorStores.create({ name: "Moving target" });

    const detached = await attach(store.id, "falcon");
    const detachedClaim = await claimDueFile();
    await sandbox.client.vectorStores.files.delete(detached.fileId, { vector_store_id: store.id });
    expect(await ingestClaimed(detachedClaim as NonNullable<typeof detachedClaim>)).toBe(false);
    expect(await chunkCount({ fileId: detached.fileId })).toBe(0);

    const batched = await attach(store.id, "heron", { batch: true });
    const batchedClaim = await claimDueFile();
    await sandbox.client.vectorStores.fileBatches.cancel(batched.batchId as string, { vector_store_id: store.id });
    expect(await ingestClaimed(batchedClaim as NonNullable<typeof batchedClaim>)).toBe(false);
    expect(await chunkCount({ fileId: batched.fileId })).toBe(0);
    expect((await fileRow(store.id, batched.fileId)).status).toBe("cancelled");

    const again = await attach(store.id, "osprey");
    const staleClaim = await claimDueFile();
    const wider: StaticChunking = { type: "static", static: { max_chunk_size_tokens: 400, chunk_overlap_tokens: 0 } };
    await sandbox.client.vectorStores.files.create(store.id, { file_id: again.fileId, chunking_strategy: wider });
    expect(await ingestClaimed(staleClaim as NonNullable<typeof staleClaim>)).toBe(false);
    await drainSandboxWorkers();
    expect(await chunkCount({ fileId: again.fileId })).toBe(chunkText(again.text, wider).length);

    const other = await sandbox.client.vectorStores.create({ name: "Doomed" });
    const doomed = await attach(other.id, "sparrow");
    const doomedClaim = await claimDueFile();
    await sandbox.client.vectorStores.delete(other.id);
    expect(await ingestClaimed(doomedClaim as NonNullable<typeof doomedClaim>)).toBe(false);
    expect(await chunkCount({ vectorStoreId: other.id })).toBe(0);
    expect(await chunkCount({ fileId: doomed.fileId })).toBe(0);
  });

  test("a worker on a large file renews its lease instead of losing the file half-way", async () => {
    const store = await sandbox.client.vectorStores.create({ name: "Large" });
    const text = Array.from({ length: 8 }, () => longText("quarry")).join("\n");
    expect(chunkText(text, SMALL).length).toBeGreaterThan(32);
    const fileId = await upload(sandbox.client, "quarry.txt", text);
    await sandbox.client.vectorStores.files.create(store.id, { file_id: fileId, chunking_strategy: SMALL });
    const claim = await claimDueFile();
    // The lease is nearly spent by the time the worker reaches the first renewal point.
    const nearlySpent = new Date(Math.floor((Date.now() + 5000) / 1000) * 1000);
    await (await db()).sandboxVectorStoreFile.update({
      where: { vectorStoreId_fileId: { vectorStoreId: store.id, fileId } },
      data: { leaseUntil: nearlySpent },
    });
    const held = { ...(claim as NonNullable<typeof claim>), leaseUntil: nearlySpent };
    expect(await ingestClaimed(held)).toBe(true);
    expect(held.leaseUntil.getTime()).toBeGreaterThan(Date.now() + 50_000);
    expect((await fileRow(store.id, fileId)).status).toBe("completed");
    expect(await chunkCount({ fileId })).toBe(chunkText(text, SMALL).length);
  });

  test("the background loop servers start ingests without being driven", async () => {
    const store = await sandbox.client.vectorStores.create({ name: "Background" });
    const { fileId } = await attach(store.id, "beacon");
    startSandboxWorkers();
    try {
      const deadline = Date.now() + 20_000;
      while ((await fileRow(store.id, fileId)).status === "in_progress" && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      await stopSandboxWorkers();
    }
    expect((await fileRow(store.id, fileId)).status).toBe("completed");
  });
});
