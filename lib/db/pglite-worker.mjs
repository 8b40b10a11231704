// The embedded database's own thread. PGlite is PostgreSQL compiled to WebAssembly, and while it
// works it holds the thread it runs on: here, a batch of usage events no longer stalls every
// request the server is answering. The main thread talks to it in the PostgreSQL wire protocol
// (lib/db/pglite-thread.ts): each message is a run of frontend messages that ends in one asking
// for an answer (Sync, Query…), and the reply is the backend's bytes. Other threads of the process
// (Next.js's, ADR 0023) get a port of their own, handed over by the main thread. Plain JavaScript,
// so that it starts the same under tsx, Vitest and the Next.js bundle.
import { readlinkSync } from "node:fs";
import { readFile } from "node:fs/promises";
import os from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";

// Writing usage and answering the console yield the core to the thread that answers calls: on a
// busy gateway the database thread, the collector's helpers, the caller and the upstream all want
// the machine's few cores, and the calls wait least if this thread waits instead (ADR 0025). Linux
// keeps a nice value per thread, set through the thread's id; elsewhere the thread keeps the
// process's priority.
const LOWER_PRIORITY_BY = 10;
try {
  const tid = Number(readlinkSync("/proc/thread-self").split("/").pop());
  if (Number.isInteger(tid) && tid > 0) os.setPriority(tid, Math.min(19, os.getPriority(tid) + LOWER_PRIORITY_BY));
} catch {
  // Not Linux, or not allowed: the database keeps the process's priority.
}

let pglite;
try {
  // A template (in memory only) is a dump made by dumpDataDir: the tests start each file's
  // database from one that is already migrated.
  const loadDataDir = workerData.template ? new Blob([await readFile(workerData.template)]) : undefined;
  pglite = new PGlite({ dataDir: workerData.dir, loadDataDir });
  await pglite.waitReady;
  // Prisma keeps DateTime as UTC in columns without a time zone; raw SQL that uses now() must agree.
  await pglite.exec("SET TIME ZONE 'UTC'");
} catch (error) {
  parentPort.postMessage({ failed: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}

// PGlite has one session; each client thread has several connections. Their batches run one at a
// time, in the order they came, except that once a connection opens a transaction only its own
// batches run until it ends (or the connection does, which rolls it back): a transaction sees no
// other connection's statements, as on PostgreSQL, where they would wait on its locks.
const READY_FOR_QUERY = "Z".charCodeAt(0);
const IDLE = "I".charCodeAt(0);
const queue = [];
let owner = null;
let busy = false;

function nextIndex() {
  if (owner === null) return queue.length ? 0 : -1;
  return queue.findIndex((message) => message.conn === owner);
}

let closed = false;

async function run(message) {
  const { port } = message;
  // A connection ended (or its thread went away): a transaction it left open is rolled back.
  if (message.end || message.gone) {
    if (owner === message.conn) {
      owner = null;
      if (!closed) await pglite.exec("ROLLBACK").catch(() => undefined);
    }
    // Its prepared statements, which the session would otherwise keep (pglite-thread.ts names them).
    for (const name of message.deallocate ?? []) {
      if (!closed) await pglite.exec(`DEALLOCATE "${String(name).replaceAll('"', '""')}"`).catch(() => undefined);
    }
    port?.postMessage({ id: message.id });
    return;
  }
  if (closed) {
    port.postMessage({ id: message.id, error: "the embedded database is closed" });
    return;
  }
  if (message.close) {
    closed = true;
    await pglite.close();
    port.postMessage({ id: message.id, closed: true });
    return;
  }
  try {
    let reply = await pglite.execProtocolRaw(message.bytes);
    const length = reply.length;
    if (length >= 6 && reply[length - 6] === READY_FOR_QUERY) owner = reply[length - 1] === IDLE ? null : message.conn;
    // Handing the buffer over rather than copying it is only safe when the reply owns all of it.
    if (reply.byteOffset !== 0 || reply.byteLength !== reply.buffer.byteLength) reply = reply.slice();
    port.postMessage({ id: message.id, bytes: reply }, [reply.buffer]);
  } catch (error) {
    port.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) });
  }
}

async function drain() {
  if (busy) return;
  busy = true;
  for (let index = nextIndex(); index !== -1; index = nextIndex()) await run(queue.splice(index, 1)[0]);
  busy = false;
}

// Connections are numbered by each client; "client:connection" keeps them apart here.
let clients = 0;
function listen(port, client) {
  port.on("message", (message) => {
    if (message.attach) {
      const other = ++clients;
      listen(message.attach, other);
      message.attach.on("close", () => forget(other));
      return;
    }
    message.port = port;
    if (message.conn !== undefined) message.conn = `${client}:${message.conn}`;
    queue.push(message);
    void drain();
  });
}
listen(parentPort, 0);

// A thread that ends without closing its connections (terminated, crashed) must not leave a
// transaction holding the session: its connections are dropped as a closed socket's would be.
function forget(client) {
  const prefix = `${client}:`;
  for (let i = queue.length - 1; i >= 0; i--) if (String(queue[i].conn).startsWith(prefix)) queue.splice(i, 1);
  if (owner?.startsWith(prefix)) {
    queue.unshift({ conn: owner, gone: true });
    void drain();
  }
}

parentPort.postMessage({ ready: true });
