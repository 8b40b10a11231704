import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseTarget } from "@/lib/config/server-env";
import { attachPgliteThread, type OwnedPgliteThread, startPgliteThread } from "@/lib/db/pglite-thread";

// The embedded database on its own thread, spoken to through `pg` (lib/db/pglite-thread.ts).
// Runs on PGlite only: it is the embedded database's own plumbing.
describe("PGlite on its own thread", () => {
  let thread: OwnedPgliteThread;
  beforeAll(async () => {
    thread = await startPgliteThread();
    await thread.pool.query("CREATE TABLE things (id serial PRIMARY KEY, name text UNIQUE, at timestamp, data bytea, doc jsonb)");
  });
  afterAll(async () => {
    await thread?.close();
  });

  it("answers parameterised queries with their types intact", async () => {
    const at = new Date("2026-01-02T03:04:05.678Z");
    const { rows } = await thread.pool.query("INSERT INTO things (name, at, data, doc) VALUES ($1, $2, $3, $4) RETURNING *", [
      "first",
      at,
      Buffer.from([1, 2, 3]),
      { nested: [1, "two"] },
    ]);
    expect(rows[0]).toMatchObject({ name: "first", at, doc: { nested: [1, "two"] } });
    expect(Buffer.from(rows[0].data)).toEqual(Buffer.from([1, 2, 3]));
    expect((await thread.pool.query("SELECT current_setting('TimeZone') AS zone")).rows[0].zone).toBe("UTC");
  });

  it("reports PostgreSQL's errors with their codes", async () => {
    await expect(thread.pool.query("INSERT INTO things (name) VALUES ($1)", ["first"])).rejects.toMatchObject({
      code: "23505",
      constraint: "things_name_key",
    });
    await expect(thread.pool.query("SELECT * FROM no_such_table")).rejects.toMatchObject({ code: "42P01" });
    // Several statements in one simple query.
    const results = (await thread.pool.query("SELECT 1 AS one; SELECT 2 AS two")) as unknown as { rows: unknown[] }[];
    expect(results.map((result) => result.rows)).toEqual([[{ one: 1 }], [{ two: 2 }]]);
  });

  it("ends a transaction that a dropped connection left open, as closing a connection does", async () => {
    const client = await thread.pool.connect();
    await client.query("BEGIN");
    await client.query("INSERT INTO things (name) VALUES ('uncommitted')");
    await expect(client.query("SELECT 1/0")).rejects.toMatchObject({ code: "22012" });
    // The pool drops a client released with an error; the session behind it lives on.
    client.release(new Error("dropped"));
    const { rows } = await thread.pool.query("SELECT count(*)::int AS n FROM things WHERE name = 'uncommitted'");
    expect(rows[0].n).toBe(0);
    const next = await thread.pool.connect();
    try {
      await next.query("BEGIN");
      await next.query("INSERT INTO things (name) VALUES ('committed')");
      await next.query("COMMIT");
    } finally {
      next.release();
    }
    expect((await thread.pool.query("SELECT count(*)::int AS n FROM things WHERE name = 'committed'")).rows[0].n).toBe(1);
  });

  it("runs several connections' statements, but none inside another's transaction", async () => {
    const a = await thread.pool.connect();
    const b = await thread.pool.connect();
    try {
      await a.query("BEGIN");
      await a.query("INSERT INTO things (name) VALUES ('in a transaction')");
      // b's statement waits for a's transaction to end rather than running inside it.
      const seen = b.query("SELECT count(*)::int AS n FROM things WHERE name = 'in a transaction'");
      let answered = false;
      void seen.then(() => {
        answered = true;
      });
      await a.query("SELECT pg_sleep(0.05)");
      expect(answered).toBe(false);
      await a.query("ROLLBACK");
      expect((await seen).rows[0].n).toBe(0);
    } finally {
      a.release();
      b.release();
    }
    const parallel = await Promise.all(Array.from({ length: 20 }, (_, i) => thread.pool.query("SELECT $1::int * 2 AS v", [i])));
    expect(parallel.map((result) => result.rows[0].v)).toEqual(Array.from({ length: 20 }, (_, i) => i * 2));
  });

  it("leaves the event loop free while a statement runs", async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    try {
      await thread.pool.query("SELECT pg_sleep(0.4)");
    } finally {
      clearInterval(timer);
    }
    // On the server's own thread the sleep would hold the loop and no tick would run. (Forty could;
    // a loaded machine's timers run late, so a few are enough to show the loop was free.)
    expect(ticks).toBeGreaterThanOrEqual(5);
  });

  // Linux only (a nice value per thread), and only where the process itself is not already near
  // the lowest priority, which would leave nothing to tell the database's thread apart by.
  it.skipIf(process.platform !== "linux" || os.getPriority() > 9)(
    "runs at a lower priority than the threads that answer calls (ADR 0025)",
    async () => {
      const base = os.getPriority();
      const niceOf = (tid: string) => {
        try {
          const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
          // Field 19 of stat, counted from the state (field 3) after the name's closing parenthesis.
          return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
        } catch {
          return null; // the thread ended between the listing and the read
        }
      };
      const lowered = () => new Set(fs.readdirSync("/proc/self/task").filter((tid) => niceOf(tid) === base + 10));
      const before = lowered();
      const another = await startPgliteThread();
      try {
        const added = [...lowered()].filter((tid) => !before.has(tid));
        expect(added).toHaveLength(1);
        // The threads that answer calls keep the process's priority.
        expect(niceOf(String(process.pid))).toBe(base);
        expect((await another.pool.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
      } finally {
        await another.close();
      }
    },
  );

  it("keeps connections' named statements apart in the one session, and deallocates a dropped connection's", async () => {
    const double = (value: number) => ({ name: "double", text: "SELECT $1::int * 2 AS v", values: [value] });
    const count = async () =>
      (await thread.pool.query("SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name LIKE '%double'")).rows[0].n;
    const a = await thread.pool.connect();
    const b = await thread.pool.connect();
    const other = attachPgliteThread(thread.share());
    try {
      // Sent at once from two connections: neither finds the other's ("already exists", "does not exist").
      const [fromA, fromB] = await Promise.all([a.query(double(1)), b.query(double(2))]);
      expect([fromA.rows[0].v, fromB.rows[0].v]).toEqual([2, 4]);
      expect([(await a.query(double(3))).rows[0].v, (await b.query(double(4))).rows[0].v]).toEqual([6, 8]);
      // Another thread's pool may use the same name for other text.
      expect((await other.pool.query({ name: "double", text: "SELECT $1::int * 3 AS v", values: [3] })).rows[0].v).toBe(9);
      // An error while it runs leaves it usable.
      const ratio = (value: number) => ({ name: "ratio", text: "SELECT 1 / $1::int AS v", values: [value] });
      await expect(a.query(ratio(0))).rejects.toMatchObject({ code: "22012" });
      expect((await a.query(ratio(1))).rows[0].v).toBe(1);
      expect(await count()).toBe(3);
    } finally {
      a.release(new Error("dropped"));
      b.release();
      await other.close();
    }
    // The dropped connection's statements and the closed pool's are gone; b's stays.
    await expect.poll(count).toBe(1);
  });

  it("refuses queries once closed, with a reason", async () => {
    const other = await startPgliteThread();
    await other.close();
    await expect(other.pool.query("SELECT 1")).rejects.toThrow();
    await expect(startPgliteThread("/proc/no-such-dir/pglite")).rejects.toThrow(/could not start/);
  });

  it("starts in memory from a template dump, and says so when the dump cannot be read", async () => {
    const source = await PGlite.create();
    await source.exec("CREATE TABLE kept (name text); INSERT INTO kept VALUES ('from the template')");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-template-"));
    const file = path.join(dir, "dump.tar");
    fs.writeFileSync(file, Buffer.from(await (await source.dumpDataDir("none")).arrayBuffer()));
    await source.close();
    const copy = await startPgliteThread(undefined, { template: file });
    try {
      expect((await copy.pool.query("SELECT name FROM kept")).rows).toEqual([{ name: "from the template" }]);
    } finally {
      await copy.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
    await expect(startPgliteThread(undefined, { template: file })).rejects.toThrow(/could not start.*ENOENT/);

    const saved = process.env.DATABASE_URL;
    try {
      process.env.DATABASE_URL = `pglite://memory?template=${encodeURIComponent("/tmp/a b.tar")}`;
      expect(databaseTarget()).toEqual({ kind: "pglite", template: "/tmp/a b.tar" });
      process.env.DATABASE_URL = "pglite://memory?templat=/tmp/x.tar";
      expect(() => databaseTarget()).toThrow(/\?template=/);
    } finally {
      process.env.DATABASE_URL = saved;
    }
  });

  it("lets another thread in through a shared port, one session for both", async () => {
    const other = attachPgliteThread(thread.share());
    try {
      await other.pool.query("INSERT INTO things (name) VALUES ('from the other thread')");
      expect((await thread.pool.query("SELECT count(*)::int AS n FROM things WHERE name = 'from the other thread'")).rows[0].n).toBe(1);
      // The other's transaction keeps this thread's statements out, as another connection's would.
      const held = await other.pool.connect();
      await held.query("BEGIN");
      await held.query("INSERT INTO things (name) VALUES ('held')");
      let answered = false;
      const seen = thread.pool.query("SELECT count(*)::int AS n FROM things WHERE name = 'held'").then((result) => {
        answered = true;
        return result.rows[0].n;
      });
      await held.query("SELECT pg_sleep(0.05)");
      expect(answered).toBe(false);
      await held.query("COMMIT");
      held.release();
      expect(await seen).toBe(1);
    } finally {
      await other.close();
    }
    // Closed on its side, the database itself goes on.
    expect((await thread.pool.query("SELECT 1 AS one")).rows[0].one).toBe(1);
  });

  it("rolls back what a thread that went away left open, and goes on", async () => {
    // A real thread, ended in the middle of its transaction without closing anything.
    const port = thread.share();
    const worker = new Worker(
      `const { workerData, parentPort } = require("node:worker_threads");
       let id = 0;
       const send = (bytes) => new Promise((resolve) => {
         const mine = ++id;
         workerData.port.on("message", (reply) => reply.id === mine && resolve(reply));
         workerData.port.postMessage({ id: mine, conn: 1, bytes });
       });
       // Simple-protocol Query messages: 'Q', length, text, NUL.
       const query = (text) => { const body = Buffer.from(text + "\0"); const head = Buffer.alloc(5); head.write("Q"); head.writeInt32BE(body.length + 4, 1); return new Uint8Array(Buffer.concat([head, body])); };
       (async () => {
         await send(query("BEGIN"));
         await send(query("INSERT INTO things (name) VALUES ('left open')"));
         parentPort.postMessage("in transaction");
       })();`,
      { eval: true, workerData: { port }, transferList: [port] },
    );
    await new Promise((resolve) => worker.once("message", resolve));
    await worker.terminate();
    const { rows } = await thread.pool.query("SELECT count(*)::int AS n FROM things WHERE name = 'left open'");
    expect(rows[0].n).toBe(0);
  });
});
