// Run in a worker thread by test/threads.test.ts, as Next.js's thread is by npm start (ADR 0023):
// it reaches the main thread's embedded database through the port it was given (PostgreSQL on its
// own), and relays its usage events.
import { parentPort, workerData } from "node:worker_threads";
import { adoptDatabase, closeDatabase, db } from "@/lib/db/client";
import { flushUsageEvents, recordUsageEvent, relayUsageEvents, type UsageEventInput } from "@/lib/usage/record";

const { databasePort, usagePort, projectId, event } = workerData as {
  databasePort?: MessagePort;
  usagePort: MessagePort;
  projectId: string;
  event: UsageEventInput;
};
if (databasePort) adoptDatabase(databasePort as never);
relayUsageEvents(usagePort as never);
const project = await (await db()).project.findUnique({ where: { id: projectId }, select: { name: true } });
recordUsageEvent(event);
await flushUsageEvents();
await closeDatabase();
parentPort?.postMessage({ project: project?.name ?? null });
