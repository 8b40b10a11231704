import { randomBytes } from "node:crypto";
import { PGlite, type PGliteInterface } from "@electric-sql/pglite";
import pg from "pg";
import type { SqlSession } from "@/lib/db/migrate";

export interface Session extends SqlSession {
  close(): Promise<void>;
}

export interface ScratchDatabase {
  kind: "pglite" | "postgres";
  session: Session;
  /** Another connection to the same database (PostgreSQL only: PGlite has a single session). */
  connect(): Promise<Session>;
  drop(): Promise<void>;
}

/**
 * An empty database of its own, apart from the app's (test/support/database.ts), for tests that
 * drive the migration runner or introspect the catalog directly: in-memory PGlite, or a new
 * database on the server named by TEST_POSTGRES_URL.
 */
export async function openScratchDatabase(): Promise<ScratchDatabase> {
  const server = process.env.TEST_POSTGRES_URL;
  if (!server) {
    const session = pgliteSession(await (await pgliteTemplate()).clone());
    return {
      kind: "pglite",
      session,
      connect: () => Promise.reject(new Error("PGlite has a single session")),
      drop: () => session.close(),
    };
  }

  const name = `sb_scratch_${randomBytes(6).toString("hex")}`;
  await withClient(server, (admin) => admin.query(`CREATE DATABASE ${name}`));
  const url = new URL(server);
  url.pathname = `/${name}`;
  const open: Session[] = [];
  const connect = async () => {
    const session = await pgSession(url.toString());
    open.push(session);
    return session;
  };
  return {
    kind: "postgres",
    session: await connect(),
    connect,
    drop: async () => {
      await Promise.all(open.map((s) => s.close()));
      await withClient(server, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name}`));
    },
  };
}

// Starting PGlite takes seconds (it runs initdb in WebAssembly); cloning an idle one, a fraction.
let template: Promise<PGlite> | undefined;
function pgliteTemplate(): Promise<PGlite> {
  template ??= PGlite.create();
  return template;
}

/** A session on a PGlite instance of this thread's own; closing it closes the instance. */
export function pgliteSession(pglite: PGliteInterface): Session {
  return {
    exec: async (sql) => {
      await pglite.exec(sql);
    },
    query: async <T>(sql: string, params?: unknown[]) => (await pglite.query<T>(sql, params)).rows,
    close: () => pglite.close(),
  };
}

export async function pgSession(url: string): Promise<Session> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let closed = false;
  return {
    exec: async (sql) => {
      await client.query(sql);
    },
    query: async <T>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as T[],
    close: async () => {
      if (closed) return;
      closed = true;
      await client.end();
    },
  };
}

export async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}
