import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { closeDatabase } from "@/lib/db/client";

/** A database of this test file's own, a copy of the migrated template (test/support/global-setup.ts). */
export async function openFreshTestDatabase(): Promise<void> {
  await closeDatabase();
  const template = inject("databaseTemplate");
  const server = process.env.TEST_POSTGRES_URL;
  if (!server) {
    process.env.DATABASE_URL = `pglite://memory?template=${encodeURIComponent(template)}`;
    return;
  }
  const name = `sb_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await admin.end();
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
}

export function databaseKindUnderTest(): "pglite" | "postgres" {
  return process.env.TEST_POSTGRES_URL ? "postgres" : "pglite";
}
