// Runs `next build`, and bundles server.ts (scripts/build-server.mjs), when there is no build yet or
// the sources changed since the last one, so the README's one command works on a fresh clone and
// after a `git pull`, without rebuilding each start.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { buildServer, SERVER_BUNDLE } from "./build-server.mjs";

const ROOTS = [
  "server.ts",
  "scripts/build-server.mjs",
  "app",
  "components",
  "lib",
  "prisma/schema.prisma",
  "next.config.ts",
  "postcss.config.mjs",
  "package-lock.json",
  "tsconfig.json",
];
const SKIP = new Set(["node_modules", ".next", "generated"]);

function* files(entry) {
  if (!fs.existsSync(entry)) return;
  const stat = fs.statSync(entry);
  if (stat.isFile()) {
    yield entry;
    return;
  }
  for (const name of fs.readdirSync(entry).sort()) {
    if (!SKIP.has(name)) yield* files(path.join(entry, name));
  }
}

export function sourceFingerprint() {
  const hash = createHash("sha256");
  for (const root of ROOTS) {
    for (const file of files(root)) {
      hash.update(file);
      hash.update(fs.readFileSync(file));
    }
  }
  return hash.digest("hex");
}

const stamp = path.join(".next", "switchboard-source.sha256");
const fingerprint = sourceFingerprint();
const built =
  fs.existsSync(path.join(".next", "BUILD_ID")) &&
  fs.existsSync(SERVER_BUNDLE) &&
  fs.existsSync(stamp) &&
  fs.readFileSync(stamp, "utf8") === fingerprint;
if (!built || process.argv.includes("--force")) {
  console.log(built ? "Rebuilding…" : "Building the app (first start or sources changed; takes a minute or two)…");
  // Next's own entry point run by this node, so the build works whether or not node_modules/.bin is on
  // the PATH (it is under `npm start`, not under `node scripts/start.mjs`).
  const nextBin = path.join("node_modules", "next", "dist", "bin", "next");
  const result = spawnSync(process.execPath, [nextBin, "build"], {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.error) console.error(`Could not run next build: ${result.error.message}`);
  if (result.status !== 0) process.exit(result.status ?? 1);
  // After next build, which starts by emptying .next.
  await buildServer();
  fs.writeFileSync(stamp, fingerprint);
}
