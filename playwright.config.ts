import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import { APP_PORT, APP_URL, FRESH_PORT, FRESH_URL, OIDC_ALLOWED_DOMAIN, OIDC_PORT, OWNER_STATE, SANDBOX_KEY } from "./e2e/support/instance";
import { OIDC_CLIENT } from "./e2e/support/oidc-client";

// End-to-end journeys against a production build (`node scripts/start.mjs`, which builds first when
// the sources changed) on fresh, throw-away data directories.
//
// This file is evaluated by the runner and again by every worker. Only the first evaluation (the
// runner's) empties the data directories; it hands their location to the workers through the
// environment, so a worker never wipes a database under the running server.
process.env.SWITCHBOARD_E2E_DATA_ROOT ||= emptyDataRoot();
const dataRoot = process.env.SWITCHBOARD_E2E_DATA_ROOT;

function emptyDataRoot(): string {
  const root = path.join(os.tmpdir(), `switchboard-e2e-${APP_PORT}`);
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(root, { recursive: true });
  return root;
}

function server(name: string, port: number, url: string, command: string) {
  return {
    name,
    command,
    url: `${url}/api/health`,
    // The first start runs `next build` (one to two minutes on two cores).
    timeout: 240_000,
    reuseExistingServer: false,
    // Build progress and start-up lines of the main instance; the second one says the same.
    stdout: name === "app" ? ("pipe" as const) : ("ignore" as const),
    // PGlite wants a clean close; server.ts closes it on SIGTERM.
    gracefulShutdown: { signal: "SIGTERM" as const, timeout: 10_000 },
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      SWITCHBOARD_DATA_DIR: path.join(dataRoot, name),
      // The address the browser uses; next-auth builds its redirects (e.g. after sign-out) from it.
      SWITCHBOARD_URL: url,
      // Always the embedded database of the data directory, never a PostgreSQL from the shell.
      DATABASE_URL: "",
      NODE_ENV: "production",
      // The key the built-in sandbox accepts from outside, so a journey can run exported code against it.
      SANDBOX_API_KEY: SANDBOX_KEY,
      NEXT_TELEMETRY_DISABLED: "1",
      // Single sign-on against the provider the single sign-on journey starts (only then is it up).
      OIDC_ISSUER: `http://127.0.0.1:${OIDC_PORT}`,
      OIDC_CLIENT_ID: OIDC_CLIENT.id,
      OIDC_CLIENT_SECRET: OIDC_CLIENT.secret,
      OIDC_DISPLAY_NAME: "Test IdP",
      OIDC_ALLOWED_DOMAINS: OIDC_ALLOWED_DOMAIN,
      SMTP_URL: "",
      // Fine-tuning runs step by step; a quick pace lets a journey watch a job from start to end.
      SANDBOX_FINE_TUNING_STEP_MS: "150",
    },
  };
}

export default defineConfig({
  testDir: "./e2e",
  outputDir: "./test-results",
  // Two cores: two browsers at a time next to the servers is the most this machine does well.
  workers: 2,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  // The first-run journey can happen once per instance, and a flaky journey should be seen and
  // fixed rather than retried away.
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: APP_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      // Debian's chromium; nothing is downloaded (no `npx playwright install` on these machines).
      executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [
    {
      // Journey 1 sets the instance up and leaves the owner signed in for the others.
      name: "first-run",
      testMatch: /first-run\.setup\.ts$/,
    },
    {
      name: "journeys",
      testMatch: /\.spec\.ts$/,
      dependencies: ["first-run"],
      use: { storageState: OWNER_STATE },
    },
  ],
  // Playwright starts these one after the other.
  webServer: [
    server("app", APP_PORT, APP_URL, "node scripts/start.mjs"),
    // Never set up: the setup form's own checks run here, in any order. It serves the build the
    // "app" server just made (what start.mjs runs after building): were it to rebuild because a
    // source changed in between, it would swap .next under the running "app" server.
    server("fresh", FRESH_PORT, FRESH_URL, "node .next/switchboard/server.mjs"),
  ],
});
