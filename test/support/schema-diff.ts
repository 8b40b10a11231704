// Compares a database with a Prisma schema: the expected side comes from Prisma's own schema parser
// (the WebAssembly module behind `prisma format`/`generate`), the actual side from pg_catalog.
// Constraint and index names are not compared, only what they cover and do.
import { stripVTControlCharacters } from "node:util";
import { get_dmmf } from "@prisma/prisma-schema-wasm";
import type { SqlSession } from "@/lib/db/migrate";

export interface Column {
  type: string;
  nullable: boolean;
  hasDefault: boolean;
}

export interface Table {
  columns: Map<string, Column>;
  /** "primary key (a, b)", "unique (a)", "index (a DESC, b) using hash" */
  indexes: string[];
  /** "foreign key (a) references T (id) on delete CASCADE on update CASCADE" */
  foreignKeys: string[];
}

export interface Shape {
  tables: Map<string, Table>;
  enums: Map<string, string[]>;
}

// ---- expected: Prisma's DMMF ----

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: "scalar" | "enum" | "object" | "unsupported";
  type: string;
  isList: boolean;
  isRequired: boolean;
  hasDefaultValue: boolean;
  default?: unknown;
  nativeType?: [string, string[]] | null;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
  relationOnUpdate?: string;
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}
interface DmmfIndex {
  model: string;
  type: "id" | "unique" | "normal" | "fulltext";
  algorithm?: string;
  fields: { name: string; sortOrder?: "asc" | "desc" }[];
}
interface DmmfEnum {
  name: string;
  dbName: string | null;
  values: { name: string; dbName: string | null }[];
}
interface Dmmf {
  datamodel: { models: DmmfModel[]; enums: DmmfEnum[]; indexes: DmmfIndex[] };
}

// What `prisma migrate` creates for each Prisma scalar type without an @db attribute.
const SCALAR_TYPES: Record<string, string> = {
  String: "text",
  Int: "integer",
  BigInt: "bigint",
  Float: "double precision",
  Boolean: "boolean",
  DateTime: "timestamp(3) without time zone",
  Json: "jsonb",
  Decimal: "numeric(65,30)",
  Bytes: "bytea",
};

// @db.X(args) as PostgreSQL's format_type() spells it.
const NATIVE_TYPES: Record<string, (args: string[]) => string> = {
  Text: () => "text",
  Char: (a) => `character(${a[0] ?? 1})`,
  VarChar: (a) => (a.length ? `character varying(${a[0]})` : "character varying"),
  Bit: (a) => `bit(${a[0] ?? 1})`,
  VarBit: (a) => (a.length ? `bit varying(${a[0]})` : "bit varying"),
  Uuid: () => "uuid",
  Xml: () => "xml",
  Inet: () => "inet",
  Citext: () => "citext",
  Boolean: () => "boolean",
  SmallInt: () => "smallint",
  Integer: () => "integer",
  BigInt: () => "bigint",
  Oid: () => "oid",
  Real: () => "real",
  DoublePrecision: () => "double precision",
  Decimal: (a) => (a.length ? `numeric(${a.join(",")})` : "numeric"),
  Money: () => "money",
  Date: () => "date",
  Timestamp: (a) => `timestamp${precision(a)} without time zone`,
  Timestamptz: (a) => `timestamp${precision(a)} with time zone`,
  Time: (a) => `time${precision(a)} without time zone`,
  Timetz: (a) => `time${precision(a)} with time zone`,
  Json: () => "json",
  JsonB: () => "jsonb",
  ByteA: () => "bytea",
};
const precision = (args: string[]) => (args.length ? `(${args[0]})` : "");

// Filled in by Prisma Client, not by the database: no column default.
const CLIENT_SIDE_DEFAULTS = new Set(["cuid", "uuid", "nanoid", "ulid"]);

// Prisma's referential actions, and its defaults when the schema names none.
const ACTIONS: Record<string, string> = {
  Cascade: "CASCADE",
  Restrict: "RESTRICT",
  NoAction: "NO ACTION",
  SetNull: "SET NULL",
  SetDefault: "SET DEFAULT",
};

export function parseSchema(schema: string): Dmmf {
  try {
    return JSON.parse(get_dmmf(JSON.stringify({ prismaSchema: [["schema.prisma", schema]] })));
  } catch (error) {
    // The parser throws JSON whose message is coloured for a terminal; keep the words.
    let message = String((error as Error).message ?? error);
    try {
      message = JSON.parse(message).message ?? message;
    } catch {}
    throw new Error(stripVTControlCharacters(message));
  }
}

export function expectedShape(schema: string): Shape {
  const { models, enums, indexes } = parseSchema(schema).datamodel;
  const enumNames = new Map(enums.map((e) => [e.name, e.dbName ?? e.name]));
  const tableOf = new Map(models.map((m) => [m.name, m.dbName ?? m.name]));
  const columnOf = (model: string, field: string) => {
    const f = models.find((m) => m.name === model)?.fields.find((x) => x.name === field);
    return f?.dbName ?? field;
  };
  const columnList = (model: string, fields: string[]) => fields.map((f) => columnOf(model, f)).join(", ");

  const tables = new Map<string, Table>();
  for (const model of models) {
    const table: Table = { columns: new Map(), indexes: [], foreignKeys: [] };
    for (const field of model.fields) {
      if (field.kind === "scalar" || field.kind === "enum") {
        table.columns.set(field.dbName ?? field.name, {
          type: columnType(field, enumNames),
          // Prisma creates list columns without NOT NULL.
          nullable: !field.isRequired || field.isList,
          hasDefault: hasDatabaseDefault(field),
        });
      } else if (field.kind === "object" && field.relationFromFields?.length) {
        const onDelete = field.relationOnDelete ?? (field.isRequired ? "Restrict" : "SetNull");
        const onUpdate = field.relationOnUpdate ?? "Cascade";
        table.foreignKeys.push(
          `foreign key (${columnList(model.name, field.relationFromFields)}) references ${tableOf.get(field.type)} ` +
            `(${columnList(field.type, field.relationToFields ?? [])}) on delete ${ACTIONS[onDelete]} on update ${ACTIONS[onUpdate]}`,
        );
      }
    }
    tables.set(tableOf.get(model.name) as string, table);
  }
  for (const index of indexes) {
    const kind = { id: "primary key", unique: "unique", normal: "index", fulltext: "fulltext index" }[index.type];
    const columns = index.fields.map((f) => columnOf(index.model, f.name) + (f.sortOrder === "desc" ? " DESC" : ""));
    const method = (index.algorithm ?? "BTree").toLowerCase();
    tables.get(tableOf.get(index.model) as string)?.indexes.push(describeIndex(kind, columns, method));
  }
  const enumShapes = new Map(enums.map((e) => [e.dbName ?? e.name, e.values.map((v) => v.dbName ?? v.name)]));
  return { tables, enums: enumShapes };
}

function columnType(field: DmmfField, enumNames: Map<string, string>): string {
  let type: string;
  if (field.kind === "enum") type = enumNames.get(field.type) as string;
  else if (field.nativeType) {
    const [name, args] = field.nativeType;
    const native = NATIVE_TYPES[name];
    if (!native) throw new Error(`schema-diff: no PostgreSQL spelling for @db.${name}; add it to NATIVE_TYPES`);
    type = native(args);
  } else {
    type = SCALAR_TYPES[field.type];
    if (!type) throw new Error(`schema-diff: no PostgreSQL type for Prisma type ${field.type}; add it to SCALAR_TYPES`);
  }
  return field.isList ? `${type}[]` : type;
}

function hasDatabaseDefault(field: DmmfField): boolean {
  if (!field.hasDefaultValue) return false;
  const fn = field.default as { name?: string } | undefined;
  return !(fn && typeof fn === "object" && !Array.isArray(fn) && CLIENT_SIDE_DEFAULTS.has(fn.name ?? ""));
}

function describeIndex(kind: string, columns: string[], method: string, predicate?: string | null): string {
  const using = method === "btree" ? "" : ` using ${method}`;
  return `${kind} (${columns.join(", ")})${using}${predicate ? ` where ${predicate}` : ""}`;
}

// ---- actual: pg_catalog of the current schema ----

const TABLES_SQL = `
  SELECT c.relname::text AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')`;

// format_type() quotes mixed-case enum names; Prisma's DMMF names them bare.
const COLUMNS_SQL = `
  SELECT c.relname::text AS table, a.attname::text AS column,
         CASE WHEN t.typtype = 'e' THEN t.typname::text
              WHEN et.typtype = 'e' THEN et.typname::text || '[]'
              ELSE format_type(a.atttypid, a.atttypmod) END AS type,
         NOT a.attnotnull AS nullable, (a.atthasdef OR a.attidentity <> '') AS "hasDefault"
  FROM pg_attribute a
  JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_type t ON t.oid = a.atttypid LEFT JOIN pg_type et ON et.oid = t.typelem AND t.typcategory = 'A'
  WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped`;

const INDEXES_SQL = `
  SELECT t.relname::text AS table, x.indisprimary AS primary, x.indisunique AS unique, am.amname::text AS method,
         pg_get_expr(x.indpred, x.indrelid) AS predicate,
         array(SELECT coalesce(a.attname::text, '(expression)') || CASE WHEN x.indoption[k.ord - 1] & 1 = 1 THEN ' DESC' ELSE '' END
               FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
               LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
               WHERE k.ord <= x.indnkeyatts ORDER BY k.ord) AS columns
  FROM pg_index x
  JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
  JOIN pg_namespace n ON n.oid = t.relnamespace JOIN pg_am am ON am.oid = i.relam
  WHERE n.nspname = current_schema()`;

const FOREIGN_KEYS_SQL = `
  SELECT t.relname::text AS table, r.relname::text AS references,
         array(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns,
         array(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum ORDER BY k.ord) AS "refColumns",
         c.confdeltype::text AS "onDelete", c.confupdtype::text AS "onUpdate"
  FROM pg_constraint c
  JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class r ON r.oid = c.confrelid
  JOIN pg_namespace n ON n.oid = t.relnamespace
  WHERE c.contype = 'f' AND n.nspname = current_schema()`;

const ENUMS_SQL = `
  SELECT t.typname::text AS name,
         array(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS values
  FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
  WHERE t.typtype = 'e' AND n.nspname = current_schema()`;

const PG_ACTIONS: Record<string, string> = {
  a: "NO ACTION",
  r: "RESTRICT",
  c: "CASCADE",
  n: "SET NULL",
  d: "SET DEFAULT",
};

// The migration runner's bookkeeping, not part of the data model.
const IGNORED_TABLES = new Set(["_prisma_migrations"]);

export async function actualShape(session: SqlSession): Promise<Shape> {
  const tables = new Map<string, Table>();
  for (const { name } of await session.query<{ name: string }>(TABLES_SQL)) {
    if (!IGNORED_TABLES.has(name)) tables.set(name, { columns: new Map(), indexes: [], foreignKeys: [] });
  }
  for (const row of await session.query<Column & { table: string; column: string }>(COLUMNS_SQL)) {
    tables.get(row.table)?.columns.set(row.column, { type: row.type, nullable: row.nullable, hasDefault: row.hasDefault });
  }
  type IndexRow = { table: string; primary: boolean; unique: boolean; method: string; predicate: string | null; columns: string[] };
  for (const row of await session.query<IndexRow>(INDEXES_SQL)) {
    const kind = row.primary ? "primary key" : row.unique ? "unique" : "index";
    tables.get(row.table)?.indexes.push(describeIndex(kind, row.columns, row.method, row.predicate));
  }
  type FkRow = { table: string; references: string; columns: string[]; refColumns: string[]; onDelete: string; onUpdate: string };
  for (const row of await session.query<FkRow>(FOREIGN_KEYS_SQL)) {
    tables
      .get(row.table)
      ?.foreignKeys.push(
        `foreign key (${row.columns.join(", ")}) references ${row.references} (${row.refColumns.join(", ")}) ` +
          `on delete ${PG_ACTIONS[row.onDelete]} on update ${PG_ACTIONS[row.onUpdate]}`,
      );
  }
  const enums = new Map<string, string[]>();
  for (const row of await session.query<{ name: string; values: string[] }>(ENUMS_SQL)) enums.set(row.name, row.values);
  return { tables, enums };
}

// ---- the comparison ----

/** One readable line per difference, e.g. `User.email: expected nullable=false, got true`; empty when they match. */
export function diffShapes(expected: Shape, actual: Shape): string[] {
  const out: string[] = [];
  for (const [name, want] of expected.tables) {
    const got = actual.tables.get(name);
    if (!got) {
      out.push(`${name}: table missing`);
      continue;
    }
    for (const [column, w] of want.columns) {
      const g = got.columns.get(column);
      if (!g) {
        out.push(`${name}.${column}: column missing`);
        continue;
      }
      for (const key of ["type", "nullable", "hasDefault"] as const) {
        if (w[key] !== g[key]) out.push(`${name}.${column}: expected ${key}=${w[key]}, got ${g[key]}`);
      }
    }
    for (const column of got.columns.keys()) {
      if (!want.columns.has(column)) out.push(`${name}.${column}: column not in schema.prisma`);
    }
    for (const [w, g] of [
      [want.indexes, got.indexes],
      [want.foreignKeys, got.foreignKeys],
    ]) {
      const { missing, extra } = multisetDiff(w, g);
      for (const m of missing) out.push(`${name}: missing ${m}`);
      for (const e of extra) out.push(`${name}: ${e} not in schema.prisma`);
    }
  }
  for (const name of actual.tables.keys()) {
    if (!expected.tables.has(name)) out.push(`${name}: table not in schema.prisma`);
  }
  for (const [name, values] of expected.enums) {
    const got = actual.enums.get(name);
    if (!got) out.push(`enum ${name}: missing`);
    else if (got.join() !== values.join()) out.push(`enum ${name}: expected values [${values.join(", ")}], got [${got.join(", ")}]`);
  }
  for (const name of actual.enums.keys()) {
    if (!expected.enums.has(name)) out.push(`enum ${name}: not in schema.prisma`);
  }
  return out;
}

function multisetDiff(want: readonly string[], got: readonly string[]) {
  const extra = [...got];
  const missing: string[] = [];
  for (const w of want) {
    const i = extra.indexOf(w);
    if (i === -1) missing.push(w);
    else extra.splice(i, 1);
  }
  return { missing, extra };
}
