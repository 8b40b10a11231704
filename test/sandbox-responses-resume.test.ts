import { describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { drainSandboxWorkers } from "@/lib/sandbox/workers";
import { expectSchema, skipWithoutSpec } from "./support/openapi";
import { sandboxForThisFile, waitFor } from "./support/sandbox-server";

// A background response outlives its process: when the process that ran it stops (its lease
// lapses with the response still queued or in progress), a worker runs it again from the request.

const sandbox = sandboxForThisFile();

const question = { model: "sandbox-chat", input: "Summarise the quarterly report in a few lines", background: true } as const;

async function settled(id: string) {
  await waitFor(
    async () => !["queued", "in_progress"].includes((await sandbox.client.responses.retrieve(id)).status ?? ""),
    `response ${id} to settle`,
  );
  return sandbox.client.responses.retrieve(id);
}

/** What a process that stopped mid-run leaves behind: the row still queued, its lease in the past or future. */
async function orphanLike(original: { id: string }, leaseUntil: Date) {
  const prisma = await db();
  const row = await prisma.sandboxResponse.findUniqueOrThrow({ where: { id: original.id } });
  const id = `resp_${"0".repeat(40)}${Math.random().toString(16).slice(2, 10)}`;
  const body: Record<string, unknown> = { ...(row.body as Record<string, unknown>), id, status: "queued", output: [], usage: null };
  await prisma.sandboxResponse.create({
    data: {
      id,
      model: row.model,
      status: "queued",
      body: body as Prisma.InputJsonValue,
      inputItems: row.inputItems as Prisma.InputJsonValue,
      request: row.request as Prisma.InputJsonValue,
      leaseUntil,
      createdAt: row.createdAt,
    },
  });
  return { id, createdAt: body.created_at as number };
}

describe.skipIf(skipWithoutSpec)("background responses across a restart", () => {
  test("are stored with their request and a lease while they run", async () => {
    const queued = await sandbox.client.responses.create(question);
    const prisma = await db();
    const row = await prisma.sandboxResponse.findUniqueOrThrow({ where: { id: queued.id } });
    expect(row.request).toMatchObject({ input: question.input, background: true });
    expect(row.leaseUntil?.getTime()).toBeGreaterThan(Date.now());
    await settled(queued.id);
  });

  test("a run whose lease lapsed is run again under its own id and gives the same answer", async () => {
    const original = await settled((await sandbox.client.responses.create(question)).id);
    expect(original.status).toBe("completed");

    const orphan = await orphanLike(original, new Date(Date.now() - 1000));
    await drainSandboxWorkers();
    const resumed = await sandbox.client.responses.retrieve(orphan.id);
    expect(resumed.status).toBe("completed");
    expect(resumed.id).toBe(orphan.id);
    expect(resumed.created_at).toBe(orphan.createdAt);
    expect(resumed.output_text).toBe(original.output_text);
    expect(resumed.usage).toEqual(original.usage);
    expectSchema("Response", resumed);
  });

  test("a run another process still holds (a live lease) is left alone, and a cancelled one is never resumed", async () => {
    const original = await settled((await sandbox.client.responses.create(question)).id);
    const held = await orphanLike(original, new Date(Date.now() + 60_000));
    const cancelled = await orphanLike(original, new Date(Date.now() - 1000));
    const prisma = await db();
    await prisma.sandboxResponse.update({ where: { id: cancelled.id }, data: { status: "cancelled" } });

    await drainSandboxWorkers();
    expect((await prisma.sandboxResponse.findUniqueOrThrow({ where: { id: held.id } })).status).toBe("queued");
    expect((await prisma.sandboxResponse.findUniqueOrThrow({ where: { id: cancelled.id } })).status).toBe("cancelled");
  });

  test("a resumed run whose conversation was deleted meanwhile fails with a reason", async () => {
    const first = await sandbox.client.responses.create({ model: "sandbox-chat", input: "Start of a thread" });
    const original = await settled((await sandbox.client.responses.create({ ...question, previous_response_id: first.id })).id);
    const orphan = await orphanLike(original, new Date(Date.now() - 1000));
    await sandbox.client.responses.delete(first.id);

    await drainSandboxWorkers();
    const failed = await sandbox.client.responses.retrieve(orphan.id);
    expect(failed.status).toBe("failed");
    expect(failed.error?.message).toMatch(/Previous response with id/);
  });
});
