import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import { closeDatabase } from "@/lib/db/client";
import { openFreshTestDatabase } from "./database";

// Every test file gets a data directory and a database of its own: in-memory PGlite, or a new
// database on the PostgreSQL server named by TEST_POSTGRES_URL (see scripts/with-postgres.mjs).
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-test-"));
process.env.SWITCHBOARD_DATA_DIR = dataDir;
await openFreshTestDatabase();
afterAll(async () => {
  await closeDatabase();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

// The sandbox streams as fast as it can under test, and its background workers are driven by the
// tests themselves (drainSandboxWorkers) rather than timers.
process.env.SANDBOX_TOKEN_DELAY_MS ??= "0";
