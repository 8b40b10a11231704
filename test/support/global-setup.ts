import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { TestProject } from "vitest/node";
import { applyMigrations } from "@/lib/db/migrate";
import { pgliteSession, pgSession, withClient } from "./scratch-database";

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
    const session = await pgSession(url.toString());
    try {
      await applyMigrations(session);
    } finally {
      await session.close();
    }
    project.provide("databaseTemplate", name);
    return async () => {
      await withClient(server, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name}`));
    };
  }

  const pglite = await PGlite.create();
  try {
    await applyMigrations(pgliteSession(pglite));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-test-template-"));
    const file = path.join(dir, "pglite.tar");
    fs.writeFileSync(file, Buffer.from(await (await pglite.dumpDataDir("none")).arrayBuffer()));
    project.provide("databaseTemplate", file);
    return () => fs.rmSync(dir, { recursive: true, force: true });
  } finally {
    await pglite.close();
  }
}
