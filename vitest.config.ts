import os from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // Outside Next's react-server build the real package throws on import; under test the
      // server-only modules are exactly what we want to call.
      "server-only": path.resolve(import.meta.dirname, "test/support/empty-module.ts"),
    },
  },
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    globalSetup: ["test/support/global-setup.ts"],
    setupFiles: ["test/support/setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Vitest keeps a core for itself by default: one worker on two cores, where its own process
    // does little and a test file spends much of its time waiting on its database. Two files at a
    // time take each unit suite from ~9.5 to ~6.5 min (PGlite) and ~4.7 to ~3.4 (PostgreSQL) here.
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
  },
});
