// `npm run sandbox -- --port 4010`: the sandbox upstream alone, on 127.0.0.1, for tests and
// benchmarks. It accepts SANDBOX_API_KEY (or a key it generates and prints) and keys it issued.
import { randomBytes } from "node:crypto";
import http from "node:http";
import { closeDatabase, getDatabase } from "@/lib/db/client";
import { serveWithHandler } from "@/lib/http/node-adapter";
import { sandboxHandler } from "@/lib/sandbox/handler";
import { startSandboxWorkers, stopSandboxWorkers } from "@/lib/sandbox/workers";

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const port = Number(option("port") ?? process.env.SANDBOX_PORT ?? 4010);
const host = option("host") ?? "127.0.0.1";
if (!process.env.SANDBOX_API_KEY) {
  process.env.SANDBOX_API_KEY = `sk-sandbox-${randomBytes(24).toString("base64url")}`;
  console.log(`SANDBOX_API_KEY=${process.env.SANDBOX_API_KEY}`);
}

const database = await getDatabase();
startSandboxWorkers();
const server = http.createServer((req, res) => {
  serveWithHandler(req, res, sandboxHandler).catch(() => res.destroy());
});
server.listen(port, host, () => {
  const address = server.address();
  const actual = typeof address === "object" && address ? address.port : port;
  console.log(`Sandbox upstream on http://${host}:${actual}/v1 (database: ${database.kind})`);
});

const stop = async () => {
  server.close();
  server.closeAllConnections();
  await stopSandboxWorkers();
  await closeDatabase().catch(() => undefined);
  process.exit(0);
};
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
