import { afterAll } from "vitest";
import { closeDatabase } from "@/lib/db/client";
import { useFreshDatabase } from "./database";

// Every test file gets a database of its own: in-memory PGlite, or a new database on the
// PostgreSQL server named by TEST_POSTGRES_URL (see scripts/test-postgres.mjs).
await useFreshDatabase();
afterAll(async () => {
  await closeDatabase();
});
