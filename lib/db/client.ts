import "server-only";
import fs from "node:fs";
import type { MessagePort } from "node:worker_threads";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { type DatabaseKind, databaseTarget } from "@/lib/config/server-env";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { applyMigrations } from "./migrate";
import { attachPgliteThread, type PgliteThread, startPgliteThread } from "./pglite-thread";

export interface Database {
  kind: DatabaseKind;
  prisma: PrismaClient;
  /**
   * The connection pool under Prisma, for the few hot statements whose large parameters Prisma's
   * raw queries would serialize again (the usage outbox's insert).
   */
  pool: pg.Pool;
  /** The embedded database only: a port through which another thread of this process reaches it. */
  share?(): MessagePort;
  close(): Promise<void>;
}

// One instance per thread, shared by server.ts and the Next.js bundle (which load this module
// separately). Two PGlite instances on one data directory would corrupt it: Next.js's thread
// reaches the main thread's through a port (adoptDatabase, ADR 0023).
const KEY = Symbol.for("switchboard.database");
type Holder = { [KEY]?: Promise<Database> };
const holder = globalThis as unknown as Holder;

export function getDatabase(): Promise<Database> {
  if (!holder[KEY]) {
    holder[KEY] = openDatabase().catch((error) => {
      delete holder[KEY];
      throw error;
    });
  }
  return holder[KEY];
}

/**
 * In a thread other than the one that opened the embedded database: use it through the port its
 * share() gave. Migrations are the opener's business, already done.
 */
export function adoptDatabase(port: MessagePort): void {
  const thread = attachPgliteThread(port);
  holder[KEY] = Promise.resolve(pgliteDatabase(thread));
}

export async function db(): Promise<PrismaClient> {
  return (await getDatabase()).prisma;
}

export async function closeDatabase(): Promise<void> {
  const open = holder[KEY];
  delete holder[KEY];
  if (open) await (await open).close();
}

async function openDatabase(): Promise<Database> {
  const target = databaseTarget();
  if (target.kind === "postgres") return openPostgres(target.url as string);
  return openPglite(target.dir, target.template);
}

async function openPglite(dir?: string, template?: string): Promise<Database> {
  if (dir) fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const thread = await startPgliteThread(dir, { template });
  try {
    await applyMigrations({
      exec: async (sql) => {
        await thread.pool.query(sql);
      },
      query: async <T>(sql: string, params?: unknown[]) => (await thread.pool.query(sql, params)).rows as T[],
    });
  } catch (error) {
    await thread.close().catch(() => undefined);
    throw error;
  }
  return { ...pgliteDatabase(thread), share: () => thread.share() };
}

function pgliteDatabase(thread: PgliteThread): Database {
  const prisma = new PrismaClient({ adapter: new PrismaPg(thread.pool) });
  return {
    kind: "pglite",
    prisma,
    pool: thread.pool,
    close: async () => {
      await prisma.$disconnect();
      // PGlite must be closed cleanly or its data directory needs recovery at the next start.
      await thread.close();
    },
  };
}

// Prisma keeps DateTime as UTC in columns without a time zone; raw SQL that uses now() must agree.
const UTC = "-c TimeZone=UTC";
// pg waits forever by default; an unreachable server must fail health checks and requests.
const CONNECT_TIMEOUT_MS = 5000;

async function openPostgres(url: string): Promise<Database> {
  const client = new pg.Client({ connectionString: url, options: UTC, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  await client.connect();
  try {
    await applyMigrations({
      exec: async (sql) => {
        await client.query(sql);
      },
      query: async <T>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as T[],
    });
  } finally {
    await client.end();
  }
  const pool = new pg.Pool({
    connectionString: url,
    options: UTC,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    max: Number(process.env.DATABASE_POOL_SIZE || 10),
  });
  // An idle client that loses its connection emits on the pool; without a listener that would
  // crash the process. The next query opens a new connection.
  pool.on("error", (error) => console.error("[db] idle connection lost:", error.message));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    kind: "postgres",
    prisma,
    pool,
    close: async () => {
      await prisma.$disconnect();
      await pool.end().catch(() => undefined);
    },
  };
}
