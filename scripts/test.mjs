// `npm test`: typecheck, lint, unit and integration tests on PGlite and on a throw-away PostgreSQL
// server, then the end-to-end journeys in headless Chromium against a production build. Every
// suite runs even when an earlier one fails; the last line totals them all: `N passed, N failed`.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const args = new Set(process.argv.slice(2));
const only = [...args].filter((a) => !a.startsWith("--"));
const results = [];
const work = fs.mkdtempSync(path.join(os.tmpdir(), "sb-npm-test-"));

function run(command, commandArgs, env = {}) {
  const started = Date.now();
  const result = spawnSync(command, commandArgs, { stdio: "inherit", env: { ...process.env, ...env } });
  return { ok: result.status === 0, seconds: Math.round((Date.now() - started) / 1000) };
}

function step(name, fn) {
  if (only.length && !only.includes(name)) return;
  console.log(`\n━━ ${name} ━━`);
  let outcome;
  try {
    outcome = fn();
  } catch (error) {
    console.error(`${name} could not run: ${error.message}`);
    outcome = { passed: 0, failed: 1, seconds: 0 };
  }
  results.push({ name, ...outcome });
  console.log(`━━ ${name}: ${outcome.passed} passed, ${outcome.failed} failed (${outcome.seconds}s)`);
}

// A check that is one pass or one fail (typecheck, lint).
function check(command, commandArgs) {
  const { ok, seconds } = run(command, commandArgs);
  return { passed: ok ? 1 : 0, failed: ok ? 0 : 1, seconds };
}

function vitest(label, wrapper = []) {
  const report = path.join(work, `vitest-${label}.json`);
  const command = [...wrapper, "vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`];
  const { ok, seconds } = run(command[0], command.slice(1));
  const counts = readJson(report, (r) => ({
    passed: r.numPassedTests,
    failed: r.numFailedTests,
    failures: vitestFailures(r),
  }));
  // A crash before any test ran still counts as a failure.
  return { ...counts, failed: counts.failed + (!ok && counts.failed === 0 ? 1 : 0), seconds };
}

function playwright() {
  ensureChromium();
  const report = path.join(work, "playwright.json");
  const { ok, seconds } = run("playwright", ["test", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: report });
  const counts = readJson(report, (r) => ({
    passed: r.stats.expected + r.stats.flaky,
    failed: r.stats.unexpected,
    failures: playwrightFailures(r.suites),
  }));
  return { ...counts, failed: counts.failed + (!ok && counts.failed === 0 ? 1 : 0), seconds };
}

function readJson(file, pick) {
  try {
    return pick(JSON.parse(fs.readFileSync(file, "utf8")));
  } catch {
    return { passed: 0, failed: 0, failures: [] };
  }
}

// The failures' names and first lines of their messages go into the summary at the end, so that
// whoever reads only the tail of a long log still learns what failed.
function vitestFailures(report) {
  const failures = [];
  for (const file of report.testResults ?? []) {
    const where = path.relative(process.cwd(), file.name);
    const failed = (file.assertionResults ?? []).filter((t) => t.status === "failed");
    for (const t of failed) failures.push(`${where} › ${t.fullName}: ${firstLine(t.failureMessages?.[0])}`);
    // A file that failed without a failed test could not load or run (an error outside any test).
    if (file.status === "failed" && failed.length === 0) failures.push(`${where}: ${firstLine(file.message)}`);
  }
  return failures;
}

function playwrightFailures(suites = [], titles = []) {
  const failures = [];
  for (const suite of suites) {
    const inside = suite.title && !suite.title.endsWith(".ts") ? [...titles, suite.title] : titles;
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status !== "unexpected") continue;
        const error = test.results?.at(-1)?.error?.message;
        failures.push(`${spec.file}:${spec.line} › ${[...inside, spec.title].join(" › ")}: ${firstLine(error)}`);
      }
    }
    failures.push(...playwrightFailures(suite.suites, inside));
  }
  return failures;
}

function firstLine(text = "") {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strips terminal colours from messages
  const plain = String(text).replace(/\x1b\[[0-9;]*m/g, "");
  return (
    plain
      .split("\n")
      .find((line) => line.trim())
      ?.trim()
      .slice(0, 300) ?? "(no message)"
  );
}

function ensureChromium() {
  const binary = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
  if (fs.existsSync(binary)) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `Chromium is missing at ${binary}: install Debian's chromium package (apt-get install -y chromium) or set CHROMIUM_PATH.`,
    );
  }
  console.log("Installing Debian's chromium for the end-to-end tests…");
  spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
  const install = spawnSync("apt-get", ["install", "-y", "-qq", "chromium"], {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  if (install.status !== 0) throw new Error("apt-get install chromium failed");
}

step("typecheck", () => check("tsc", ["--noEmit"]));
step("lint", () => check("biome", ["check", "--error-on-warnings", "."]));
step("unit-pglite", () => vitest("pglite"));
step("unit-postgres", () => vitest("postgres", ["node", "scripts/with-postgres.mjs", "--"]));
if (!args.has("--no-e2e")) step("e2e", playwright);

fs.rmSync(work, { recursive: true, force: true });
const passed = results.reduce((sum, r) => sum + r.passed, 0);
const failed = results.reduce((sum, r) => sum + r.failed, 0);
console.log("\nSuites:");
for (const r of results)
  console.log(`  ${r.name.padEnd(14)} ${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(3)} failed  ${r.seconds}s`);
const failures = results.flatMap((r) => (r.failures ?? []).map((f) => `  ${r.name}: ${f}`));
if (failures.length) console.log(`\nFailed:\n${failures.join("\n")}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
