import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { applyMigrations, readMigrations } from "@/lib/db/migrate";
import { actualShape, diffShapes, expectedShape, type Shape } from "./support/schema-diff";
import { openScratchDatabase, type ScratchDatabase } from "./support/scratch-database";

const file = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

// Edits one model's block of a schema, and insists the edit happened, so a renamed field fails
// here loudly instead of turning a drift check into a no-op.
function editModel(schema: string, model: string, edit: (block: string) => string): string {
  const block = new RegExp(`\\nmodel ${model} \\{[\\s\\S]*?\\n\\}`).exec(schema)?.[0];
  if (!block) throw new Error(`no model ${model} in the schema`);
  const changed = edit(block);
  if (changed === block) throw new Error(`the edit changed nothing in model ${model}`);
  return schema.replace(block, changed);
}

async function migratedDatabase(migrationsDir: string): Promise<ScratchDatabase> {
  const db = await openScratchDatabase();
  await applyMigrations(db.session, readMigrations(migrationsDir));
  return db;
}

describe("prisma/migrations build what prisma/schema.prisma describes", () => {
  const schema = fs.readFileSync(file("../prisma/schema.prisma"), "utf8");
  let db: ScratchDatabase;
  let actual: Shape;
  beforeAll(async () => {
    db = await migratedDatabase(file("../prisma/migrations"));
    actual = await actualShape(db.session);
  });
  afterAll(() => db?.drop());

  test("every model, column, key, index, relation and enum matches, and nothing else exists", () => {
    const expected = expectedShape(schema);
    expect(expected.tables.size).toBeGreaterThan(0);
    expect(diffShapes(expected, actual)).toEqual([]);
  });

  test.each([
    ["a field", (s: string) => editModel(s, "User", (b) => b.replace("{", "{\n  driftProbe String")), "User.driftProbe: column missing"],
    [
      "a nullability",
      (s: string) => editModel(s, "User", (b) => b.replace(/(\n\s+email\s+)String /, "$1String? ")),
      "User.email: expected nullable=true, got false",
    ],
    ["a model", (s: string) => `${s}\nmodel DriftProbe {\n  id Int @id\n}\n`, "DriftProbe: table missing"],
  ])("a schema with %s the migrations lack is reported", (_, change, line) => {
    expect(diffShapes(expectedShape(change(schema)), actual)).toContain(line);
  });
});

// The comparison itself, on a schema using the column types, @db types, @map/@@map names, keys,
// index options and referential actions our schema does not (yet), with SQL written by Prisma.
describe("the comparison, on SQL Prisma wrote for test/fixtures/schema-features", () => {
  const schema = fs.readFileSync(file("fixtures/schema-features/schema.prisma"), "utf8");
  let db: ScratchDatabase;
  let actual: Shape;
  beforeAll(async () => {
    db = await migratedDatabase(file("fixtures/schema-features/migrations"));
    actual = await actualShape(db.session);
  });
  afterAll(() => db?.drop());

  test("finds no difference where there is none", () => {
    expect(diffShapes(expectedShape(schema), actual)).toEqual([]);
  });

  const account = (edit: (block: string) => string) => (s: string) => editModel(s, "Account", edit);
  const note = (edit: (block: string) => string) => (s: string) => editModel(s, "Note", edit);
  test.each([
    ["type", account((b) => b.replace(/views(\s+)BigInt/, "views$1Int")), "accounts.views: expected type=integer, got bigint"],
    [
      "@db type",
      account((b) => b.replace("VarChar(40)", "VarChar(50)")),
      "accounts.handle: expected type=character varying(50), got character varying(40)",
    ],
    ["list", account((b) => b.replace("String[]", "String ")), "accounts.tags: expected type=text, got text[]"],
    ["default", account((b) => b.replace("@default(0)", "")), "accounts.views: expected hasDefault=false, got true"],
    ["column name", account((b) => b.replace(' @map("account_id")', "")), "accounts.id: column missing"],
    ["unique", account((b) => b.replace(' @unique(map: "account_handle")', "")), "accounts: unique (handle) not in schema.prisma"],
    [
      "index order",
      account((b) => b.replace("score(sort: Desc), region", "region, score(sort: Desc)")),
      "accounts: missing index (region, score DESC)",
    ],
    ["sort order", account((b) => b.replace("score(sort: Desc)", "score")), "accounts: missing index (score, region)"],
    ["index type", account((b) => b.replace(", type: Hash", "")), "accounts: missing index (token)"],
    [
      "referential action",
      note((b) => b.replace("onUpdate: Restrict", "onUpdate: Cascade")),
      "Note: missing foreign key (region, number) references accounts (region, number) on delete RESTRICT on update CASCADE",
    ],
    [
      "enum value",
      (s: string) => s.replace("  paid\n", "  paid\n  gold\n"),
      "enum tier: expected values [FREE, paid, gold], got [FREE, paid]",
    ],
  ])("a changed %s is reported", (_, change, line) => {
    const changed = change(schema);
    expect(changed).not.toBe(schema);
    expect(diffShapes(expectedShape(changed), actual)).toContain(line);
  });

  test("what the database has beyond the schema is reported", async () => {
    // DDL is transactional in PostgreSQL: look inside the transaction, then leave no trace.
    await db.session.exec("BEGIN");
    try {
      await db.session.exec(`
        ALTER TABLE "Note" ADD COLUMN "extra" text;
        CREATE INDEX ON "Note" ("createdAt");
        ALTER TABLE "Note" ALTER COLUMN "createdAt" DROP NOT NULL;
        CREATE TABLE "stray" (id int);
        CREATE TYPE "mood" AS ENUM ('ok');`);
      const differences = diffShapes(expectedShape(schema), await actualShape(db.session));
      expect(differences).toEqual(
        expect.arrayContaining([
          "Note.extra: column not in schema.prisma",
          "Note: index (createdAt) not in schema.prisma",
          "Note.createdAt: expected nullable=false, got true",
          "stray: table not in schema.prisma",
          "enum mood: not in schema.prisma",
        ]),
      );
    } finally {
      await db.session.exec("ROLLBACK");
    }
  });
});
