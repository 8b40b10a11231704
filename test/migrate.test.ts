import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, test } from "vitest";
import { applyMigrations, readMigrations } from "@/lib/db/migrate";
import { openScratchDatabase, type ScratchDatabase, type Session } from "./support/scratch-database";

const PRISMA_MIGRATIONS = fileURLToPath(new URL("../prisma/migrations", import.meta.url));

interface MigrationRow {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
}

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function scratch(): Promise<ScratchDatabase> {
  const db = await openScratchDatabase();
  cleanups.push(() => db.drop());
  return db;
}

// A migrations folder in Prisma's layout: <name>/migration.sql.
function migrationsFolder(migrations: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-migrations-"));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const [name, sql] of Object.entries(migrations)) writeMigration(dir, name, sql);
  return dir;
}

function writeMigration(dir: string, name: string, sql: string) {
  fs.mkdirSync(path.join(dir, name), { recursive: true });
  fs.writeFileSync(path.join(dir, name, "migration.sql"), sql);
}

const recorded = (session: Session) => session.query<MigrationRow>(`SELECT * FROM "_prisma_migrations" ORDER BY migration_name`);

async function tableExists(session: Session, name: string): Promise<boolean> {
  const [row] = await session.query<{ found: boolean }>("SELECT to_regclass($1) IS NOT NULL AS found", [`"${name}"`]);
  return row.found;
}

describe("applyMigrations", () => {
  test("applies every migration once and records it as `prisma migrate deploy` would", async () => {
    const { session } = await scratch();
    const names = fs.readdirSync(PRISMA_MIGRATIONS, { withFileTypes: true }).filter((e) => e.isDirectory());
    const expected = names.map((e) => e.name).sort();

    expect(await applyMigrations(session, readMigrations(PRISMA_MIGRATIONS))).toEqual(expected);

    const rows = await recorded(session);
    expect(rows.map((r) => r.migration_name)).toEqual(expected);
    for (const row of rows) {
      const file = fs.readFileSync(path.join(PRISMA_MIGRATIONS, row.migration_name, "migration.sql"));
      expect(row.checksum).toBe(createHash("sha256").update(file).digest("hex"));
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.finished_at?.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
      expect(row.applied_steps_count).toBe(1);
      expect(row.rolled_back_at).toBeNull();
      expect(row.logs).toBeNull();
    }

    expect(await applyMigrations(session, readMigrations(PRISMA_MIGRATIONS))).toEqual([]);
    expect(await recorded(session)).toEqual(rows);
  });

  test("a migration failing half-way leaves neither its changes nor its record, and names itself", async () => {
    const { session } = await scratch();
    const dir = migrationsFolder({
      "0001_good": `CREATE TABLE "good" (id int);`,
      "0002_broken": `CREATE TABLE "half" (id int);\nINSERT INTO "no_such_table" VALUES (1);`,
    });

    await expect(applyMigrations(session, readMigrations(dir))).rejects.toThrow(/Migration 0002_broken failed: .*no_such_table/);
    expect(await tableExists(session, "good")).toBe(true);
    expect(await tableExists(session, "half")).toBe(false);
    expect((await recorded(session)).map((r) => r.migration_name)).toEqual(["0001_good"]);

    // Fixed, it goes in on the next start.
    writeMigration(dir, "0002_broken", `CREATE TABLE "half" (id int);`);
    expect(await applyMigrations(session, readMigrations(dir))).toEqual(["0002_broken"]);
    expect(await tableExists(session, "half")).toBe(true);
  });

  test("an applied migration whose file changed is refused, and nothing after it runs", async () => {
    const { session } = await scratch();
    const dir = migrationsFolder({ "0001_first": `CREATE TABLE "first" (id int);` });
    await applyMigrations(session, readMigrations(dir));

    writeMigration(dir, "0001_first", `CREATE TABLE "first" (id bigint);`);
    writeMigration(dir, "0002_second", `CREATE TABLE "second" (id int);`);
    await expect(applyMigrations(session, readMigrations(dir))).rejects.toThrow(/Migration 0001_first was changed/);
    expect(await tableExists(session, "second")).toBe(false);
    expect(await recorded(session)).toHaveLength(1);
  });

  test("a migration recorded as started but never finished (by another tool) is refused", async () => {
    const { session } = await scratch();
    const dir = migrationsFolder({ "0001_first": `CREATE TABLE "first" (id int);` });
    await applyMigrations(session, readMigrations(dir));
    await session.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name) VALUES ('00000000-0000-0000-0000-000000000000', 'x', '0002_crashed')`,
    );
    await expect(applyMigrations(session, readMigrations(dir))).rejects.toThrow(/0002_crashed was started but never finished/);
  });

  test("reads the folder named by SWITCHBOARD_MIGRATIONS_DIR", async () => {
    const { session } = await scratch();
    const dir = migrationsFolder({ "0001_elsewhere": `CREATE TABLE "elsewhere" (id int);` });
    const before = process.env.SWITCHBOARD_MIGRATIONS_DIR;
    process.env.SWITCHBOARD_MIGRATIONS_DIR = dir;
    try {
      expect(await applyMigrations(session)).toEqual(["0001_elsewhere"]);
    } finally {
      if (before === undefined) delete process.env.SWITCHBOARD_MIGRATIONS_DIR;
      else process.env.SWITCHBOARD_MIGRATIONS_DIR = before;
    }
  });

  // PGlite has one session, so two runners cannot race there; replicas sharing PostgreSQL can.
  test.skipIf(!process.env.TEST_POSTGRES_URL)("two runners started at once apply each migration exactly once", async () => {
    const db = await scratch();
    const other = await db.connect();
    // The sleep keeps the first runner inside its migration while the second arrives; without the
    // lock the second would fail on CREATE TABLE or record the migration twice.
    const dir = migrationsFolder({
      "0001_slow": `CREATE TABLE "raced" (id int);\nSELECT pg_sleep(0.5);`,
      "0002_next": `ALTER TABLE "raced" ADD COLUMN "more" int;`,
    });
    const migrations = readMigrations(dir);

    const results = await Promise.all([applyMigrations(db.session, migrations), applyMigrations(other, migrations)]);

    expect(results.flat().sort()).toEqual(["0001_slow", "0002_next"]);
    expect((await recorded(db.session)).map((r) => r.migration_name)).toEqual(["0001_slow", "0002_next"]);
    // Only this database's: the other test files migrate databases of their own on the same server.
    const locks = await db.session.query(
      `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    );
    expect(locks).toHaveLength(0);
  });
});
