import "server-only";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { MessageChannel, type MessagePort, Worker } from "node:worker_threads";
import { protocol } from "@electric-sql/pglite";
import { PglitePgConnection } from "@electric-sql/pglite/node-postgres";
import pg from "pg";
import { type Channel, requestsOver } from "@/lib/threads/requests";

// The embedded database on a thread of its own (lib/db/pglite-worker.mjs), reached through `pg`:
// the same driver and Prisma adapter as PostgreSQL, with PGlite's node-postgres connection class
// carrying each conversation to the thread instead of a socket. See docs/adr/0019.
//
// PGlite has a single session; the thread runs the pool's connections' statements in turn, and
// while one connection is in a transaction, only its statements (see pglite-worker.mjs).

export interface PgliteThread {
  pool: pg.Pool;
  close(): Promise<void>;
}

/** The thread that runs the database: its owner can hand other threads a way in. */
export interface OwnedPgliteThread extends PgliteThread {
  /** A port for another thread of this process, to pass to attachPgliteThread there. */
  share(): MessagePort;
}

type BackendMessage = Parameters<Parameters<InstanceType<typeof protocol.Parser>["parse"]>[1]>[0];
type Reply = { id?: number; bytes?: Uint8Array; error?: string; closed?: boolean; ready?: boolean; failed?: string };

// Extended-protocol messages that ask for no answer of their own (Parse, Bind, Describe, Execute,
// Close): they wait and go with the next one, so a query costs one trip to the thread, not five.
// PostgreSQL itself answers them only at the next Sync or Flush.
const HELD = new Set(["P", "B", "D", "E", "C"].map((letter) => letter.charCodeAt(0)));
// Connections in flight at once: their statements still run one at a time, but the next is
// already waiting in the thread when one ends, instead of a round trip away.
const POOL_SIZE = 8;

// Plain JavaScript beside this file; found from the project root, which is where `npm start`,
// `next dev` and the tests run, because this module is also bundled by Next.js.
const WORKER_FILE = path.join(process.cwd(), "lib", "db", "pglite-worker.mjs");

/** On `dir`, or in memory; `template` (in memory only) is a PGlite dump to start from. */
export async function startPgliteThread(dir?: string, options: { template?: string } = {}): Promise<OwnedPgliteThread> {
  const worker = new Worker(WORKER_FILE, { workerData: { dir, template: options.template }, execArgv: [] });
  const started = new Promise<void>((resolve, reject) => {
    worker.once("message", (reply: Reply) =>
      reply.ready ? resolve() : reject(new Error(`the embedded database could not start: ${reply.failed}`)),
    );
    worker.once("error", reject);
  });
  const client = clientOver(worker, started);
  worker.on("error", (error) => {
    console.error("[db] the embedded database's thread failed:", error.message);
    client.stop(new Error(`the embedded database stopped: ${error.message}`));
  });
  worker.on("exit", () => client.stop(new Error("the embedded database is closed")));
  await started;
  worker.unref();
  return {
    pool: client.pool,
    async close() {
      await client.pool.end();
      await client.closeDatabase();
      await worker.terminate();
    },
    share() {
      const { port1, port2 } = new MessageChannel();
      worker.postMessage({ attach: port2 }, [port2]);
      return port1;
    },
  };
}

/** The database another thread started, through the port its share() gave (ADR 0023). */
export function attachPgliteThread(port: MessagePort): PgliteThread {
  const client = clientOver(port, Promise.resolve());
  port.on("close", () => client.stop(new Error("the embedded database is closed")));
  port.unref();
  return {
    pool: client.pool,
    async close() {
      await client.pool.end();
      port.close();
    },
  };
}

// A pool of connections whose conversations go over the channel to the database's thread.
function clientOver(channel: Channel, started: Promise<void>) {
  const requests = requestsOver<Reply>(channel);
  const send = (message: { conn?: number; bytes?: Uint8Array; end?: true; deallocate?: string[]; close?: true }) =>
    requests.send(message, message.bytes ? [message.bytes.buffer as ArrayBuffer] : []);

  let connections = 0;

  // One connection's conversation: what PglitePgConnection asks of a PGlite instance.
  function conversation(conn: number) {
    let held: Uint8Array[] = [];
    return {
      waitReady: started,
      async execProtocolStream(message: Uint8Array): Promise<BackendMessage[]> {
        if (HELD.has(message[0])) {
          held.push(message);
          return [];
        }
        // A buffer of its own: it is handed over to the thread, not copied.
        const bytes = new Uint8Array(held.reduce((length, part) => length + part.length, message.length));
        let at = 0;
        for (const part of [...held, message]) {
          bytes.set(part, at);
          at += part.length;
        }
        held = [];
        let reply: Uint8Array;
        try {
          reply = (await send({ conn, bytes })).bytes as Uint8Array;
        } catch (error) {
          return unreachable(error as Error);
        }
        const messages: BackendMessage[] = [];
        new protocol.Parser().parse(reply, (parsed) => messages.push(parsed));
        return messages;
      },
    };
  }

  // The thread is gone (closed, or failed): the statement fails as on a server that shut down
  // (57P01), answered in the protocol so that pg fails the query, whatever state the connection
  // is in, rather than leaving a rejection nobody listens for.
  function unreachable(error: Error): BackendMessage[] {
    const failure = new protocol.messages.DatabaseError(error.message, 0, "error");
    failure.severity = "FATAL";
    failure.code = "57P01";
    return [failure, new protocol.messages.ReadyForQueryMessage(5, "I")];
  }

  // Named (prepared) statements live in PGlite's one session, which every connection of every
  // thread shares, while pg keeps track of them per connection: each connection's names get a
  // prefix of its own, so that two connections preparing the same name do not collide ("already
  // exists"), and a connection that ends deallocates its own, as a closed session would.
  const tag = `t${randomBytes(4).toString("hex")}`;

  // When the pool drops a connection (after an error, say) the thread rolls back a transaction it
  // left open, as PostgreSQL does when a connection closes.
  class ThreadConnection extends PglitePgConnection {
    declare parsedStatements: Record<string, string>;
    declare submittedNamedStatements: Record<string, string>;
    private readonly prefix: string;
    constructor(private readonly conn: number) {
      super({ pglite: conversation(conn) as never });
      this.prefix = `${tag}c${conn}_`;
    }
    private named(name: string | undefined) {
      return name ? this.prefix + name : name;
    }
    override end() {
      const prepared = new Set([...Object.keys(this.parsedStatements), ...Object.keys(this.submittedNamedStatements)]);
      send({ conn: this.conn, end: true, deallocate: [...prepared].map((name) => this.prefix + name) }).catch(() => undefined);
      super.end();
    }
    // pg passes its type parsers as `types` (an object); Parse wants parameter types (an array).
    override parse(query: { name?: string; types?: unknown }) {
      super.parse({ ...query, name: this.named(query.name), types: Array.isArray(query.types) ? query.types : undefined });
    }
    override bind(config: { statement?: string }) {
      super.bind({ ...config, statement: this.named(config.statement) });
    }
    override close(message: { type: string; name?: string }) {
      super.close(message.type === "S" ? { ...message, name: this.named(message.name) } : message);
    }
  }
  class ThreadClient extends pg.Client {
    constructor(config?: pg.ClientConfig) {
      super({ ...config, connection: new ThreadConnection(++connections) } as pg.ClientConfig);
    }
  }

  const pool = new pg.Pool({ Client: ThreadClient as typeof pg.Client, max: POOL_SIZE, idleTimeoutMillis: 0 });
  return {
    pool,
    stop: requests.stop,
    /** Closes the database itself: only its owner does, once its pool has ended. */
    async closeDatabase() {
      if (requests.refused) return;
      const closed = send({ close: true });
      // Anything asked after this point is refused here rather than sent to a closing database.
      requests.refuse(new Error("the embedded database is closed"));
      await closed;
    },
  };
}
