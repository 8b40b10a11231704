import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { applyMigrations } from "@/lib/db/migrate";

// Every test file gets a database of its own (test/support/database.ts). Made empty and migrated
// each time, that cost ~4 s a file on PGlite (initdb in WebAssembly) and ~1 s on PostgreSQL; made
// once here, migrated, and copied per file, ~1 s and a fraction. The copy is what the app opens,
// and the app's own migration run still checks it, so a template that fell behind would show.

declare module "vitest" {
  export interface ProvidedContext {
    /** PGlite: the path of a migrated database's dump. PostgreSQL: the name of a migrated database. */
    databaseTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  const server = process.env.TEST_POSTGRES_URL;
  if (server) {
    const name = `sb_template_${randomBytes(6).toString("hex")}`;
    await withClient(server, (admin) => admin.query(`CREATE DATABASE ${name}`));
    const url = new URL(server);
    url.pathname = `/${name}`;
    await withClient(url.toString(), (client) =>
      applyMigrations({
        exec: async (sql) => {
          await client.query(sql);
        },
        query: async <T>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as T[],
      }),
    );
    project.provide("databaseTemplate", name);
    return async () => {
      await withClient(server, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name}`));
    };
  }

  const pglite = await PGlite.create();
  try {
    await applyMigrations({
      exec: async (sql) => {
        await pglite.exec(sql);
      },
      query: async <T>(sql: string, params?: unknown[]) => (await pglite.query<T>(sql, params)).rows,
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-test-template-"));
    const file = path.join(dir, "pglite.tar");
    fs.writeFileSync(file, Buffer.from(await (await pglite.dumpDataDir("none")).arrayBuffer()));
    project.provide("databaseTemplate", file);
    return () => fs.rmSync(dir, { recursive: true, force: true });
  } finally {
    await pglite.close();
  }
}

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}
