// `npm start`: build if needed, then run the server (server.ts bundled by the build, in production mode).
import { spawn, spawnSync } from "node:child_process";
import { SERVER_BUNDLE } from "./build-server.mjs";

const build = spawnSync(process.execPath, ["scripts/build-if-changed.mjs"], { stdio: "inherit" });
if (build.status !== 0) process.exit(build.status ?? 1);

const child = spawn(process.execPath, [SERVER_BUNDLE], {
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
