import { randomUUID } from "node:crypto";
import { MessageChannel, Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { db, getDatabase } from "@/lib/db/client";
import { acceptUsageEvents } from "@/lib/usage/record";
import { makeProject } from "./support/fixtures";

// What Next.js's thread shares with the main thread under npm start (ADR 0023), with a real
// thread: the database (the embedded one through a port), and usage events relayed to the main
// thread's outbox.
describe("another thread of the process", () => {
  it("reads the main thread's database and has its usage recorded there", async () => {
    // PostgreSQL: the other thread opens a pool of its own, from the same DATABASE_URL.
    const databasePort = (await getDatabase()).share?.();
    const project = await makeProject("Seen from a thread");
    const usage = new MessageChannel();
    acceptUsageEvents(usage.port1);
    const event = {
      id: randomUUID(),
      projectId: project.id,
      userId: null,
      apiKeyId: null,
      source: "console" as const,
      method: "GET",
      endpoint: "/models",
      model: null,
      status: 200,
      outcome: "completed" as const,
      inputTokens: 0,
      cachedTokens: 0,
      outputTokens: 0,
      reasoningTokens: 0,
      usageReported: false,
      batch: false,
      startedAt: new Date().toISOString(),
      latencyMs: 3,
      ttftMs: null,
      upstreamRequestId: null,
    };
    // A worker does not take --import: its entry registers TypeScript and the server-only marker itself.
    const entry = new URL("./support/other-thread.ts", import.meta.url).href;
    const hook = new URL("../scripts/server-only-hook.mjs", import.meta.url).href;
    const start = `import("tsx/esm/api").then(({ register }) => register()).then(() => import(${JSON.stringify(hook)})).then(() => import(${JSON.stringify(entry)}))`;
    const worker = new Worker(start, {
      eval: true,
      workerData: { databasePort, usagePort: usage.port2, projectId: project.id, event },
      transferList: databasePort ? [databasePort, usage.port2] : [usage.port2],
    });
    const answer = await new Promise((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
    });
    await worker.terminate();
    usage.port1.close();
    expect(answer).toEqual({ project: "Seen from a thread" });
    // Flushed by the main thread's outbox at the other thread's asking: in the database now.
    const stored = await (await db()).usageEvent.findUnique({ where: { id: event.id } });
    expect(stored).toMatchObject({ projectId: project.id, endpoint: "/models", status: 200 });
    // The database itself is still open here.
    expect(await (await db()).project.count({ where: { id: project.id } })).toBe(1);
  });
});
