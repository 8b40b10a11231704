// The embedded database's own thread. PGlite is PostgreSQL compiled to WebAssembly, and while it
// works it holds the thread it runs on: here, a batch of usage events no longer stalls every
// request the server is answering. The main thread talks to it in the PostgreSQL wire protocol
// (lib/db/pglite-thread.ts): each message is a run of frontend messages that ends in one asking
// for an answer (Sync, Query…), and the reply is the backend's bytes. Plain JavaScript, so that it
// starts the same under tsx, Vitest and the Next.js bundle.
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";

const pglite = new PGlite(workerData.dir);
try {
  await pglite.waitReady;
  // Prisma keeps DateTime as UTC in columns without a time zone; raw SQL that uses now() must agree.
  await pglite.exec("SET TIME ZONE 'UTC'");
} catch (error) {
  parentPort.postMessage({ failed: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}

// One batch at a time, in the order they came: they are one session's conversation.
let chain = Promise.resolve();

parentPort.on("message", (message) => {
  chain = chain.then(async () => {
    if (message.close) {
      await pglite.close();
      parentPort.postMessage({ id: message.id, closed: true });
      return;
    }
    try {
      let reply = await pglite.execProtocolRaw(message.bytes);
      // Handing the buffer over rather than copying it is only safe when the reply owns all of it.
      if (reply.byteOffset !== 0 || reply.byteLength !== reply.buffer.byteLength) reply = reply.slice();
      parentPort.postMessage({ id: message.id, bytes: reply }, [reply.buffer]);
    } catch (error) {
      parentPort.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) });
    }
  });
});

parentPort.postMessage({ ready: true });
