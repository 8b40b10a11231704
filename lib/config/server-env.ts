import "server-only";
import path from "node:path";

// Where the embedded database, the generated server secret and (later) blobs live.
export function dataDir(): string {
  // turbopackIgnore: the data directory is chosen at run time and is no part of the build.
  return path.resolve(/*turbopackIgnore: true*/ process.env.SWITCHBOARD_DATA_DIR || ".data");
}

export type DatabaseKind = "pglite" | "postgres";

// DATABASE_URL unset: embedded PGlite in the data directory. `pglite://memory` keeps it in memory
// (tests), empty, or as a copy of a dump (`pglite://memory?template=/path/dump.tar`, made by
// PGlite's dumpDataDir): loading one takes a second where initdb in WebAssembly takes four.
// `postgres://` or `postgresql://` uses a PostgreSQL server.
export function databaseTarget(): { kind: DatabaseKind; url?: string; dir?: string; template?: string } {
  const url = process.env.DATABASE_URL?.trim();
  if (!url) return { kind: "pglite", dir: path.join(dataDir(), "pglite") };
  if (url === "pglite://memory") return { kind: "pglite" };
  if (url.startsWith("pglite://memory?")) {
    const template = new URLSearchParams(url.slice("pglite://memory?".length)).get("template");
    if (!template) throw new Error("DATABASE_URL: pglite://memory takes one option, ?template=<path of a PGlite dump>");
    return { kind: "pglite", template };
  }
  if (/^postgres(ql)?:\/\//.test(url)) return { kind: "postgres", url };
  throw new Error("DATABASE_URL must start with postgres:// or postgresql:// (or be unset for the embedded database)");
}

export const appVersion: string = process.env.npm_package_version || "0.1.0";
