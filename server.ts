// What `npm start` runs: one Node HTTP server. Machine traffic (the sandbox, the console proxy and
// the /v1 gateway) is served on lean node:http handlers on this thread; everything else goes to
// Next.js, which runs on a thread of its own (ADR 0023) started from this same file. Opening the
// database here applies migrations before the first request.
import http from "node:http";
import { publicUrl } from "@/lib/config/public-url";
import { serverSecret } from "@/lib/crypto/server-secret";
import { closeDatabase, getDatabase } from "@/lib/db/client";
import { isGatewayPath, serveGateway } from "@/lib/gateway/gateway";
import { gatewayLimits } from "@/lib/gateway/limits";
import { serveWithHandler } from "@/lib/http/node-adapter";
import { sandboxHandler } from "@/lib/sandbox/handler";
import { startSandboxWorkers, stopSandboxWorkers } from "@/lib/sandbox/workers";
import { isNextThread, runNextThread, startNextThread } from "@/lib/server/next-thread";
import { isConsoleProxyPath, serveConsoleProxy } from "@/lib/upstream/console-proxy";
import { startRequestLogPurge, stopRequestLogPurge } from "@/lib/usage/logs";
import { startUsageRecorder, stopUsageRecorder } from "@/lib/usage/record";

const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || "0.0.0.0";
const trustProxy = process.env.TRUST_PROXY === "true";

async function main() {
  serverSecret();
  // next-auth builds its callback URLs from NEXTAUTH_URL; derive it from our one setting.
  process.env.NEXTAUTH_URL ||= publicUrl().origin;
  const database = await getDatabase();
  const pages = await startNextThread(new URL(import.meta.url), { hostname: host, port });

  startSandboxWorkers();
  // Writes usage events that an earlier run (or a replica gone since) left in the outbox.
  startUsageRecorder();
  // Deletes request log bodies past their project's retention, now and every hour.
  startRequestLogPurge();

  const server = http.createServer((req, res) => {
    if (req.url?.startsWith("/sandbox/v1/") || req.url === "/sandbox/v1") {
      serveWithHandler(req, res, sandboxHandler).catch(() => res.destroy());
      return;
    }
    // Without a trusted proxy in front, a client could claim any address; use the socket's.
    if (!trustProxy) req.headers["x-forwarded-for"] = req.socket.remoteAddress ?? "";
    // The console proxy carries streams and uploads: the lean path spares each call Next.js's
    // request handling (see README, "Performance").
    if (isConsoleProxyPath(req.url?.split("?")[0] ?? "")) {
      serveConsoleProxy(req, res).catch(() => res.destroy());
      return;
    }
    // The /v1 gateway for OpenAI clients with a project API key (and Azure-style /openai/… paths).
    if (isGatewayPath(req.url?.split("?")[0] ?? "")) {
      serveGateway(req, res).catch(() => res.destroy());
      return;
    }
    // Pages that send a signed-out visitor to sign-in bring them back here afterwards; set by us
    // only, never taken from the client.
    req.headers["x-switchboard-path"] = req.url ?? "/";
    pages.handle(req, res);
  });
  server.keepAliveTimeout = 65_000;
  server.listen(port, host, () => {
    console.log(
      `Switchboard ${process.env.npm_package_version ?? ""} on ${publicUrl().origin} (listening on ${host}:${port}, database: ${database.kind})`,
    );
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[server] ${signal}: closing`);
    server.close();
    server.closeIdleConnections();
    await pages.stop();
    await stopSandboxWorkers();
    // A last write of recorded usage; whatever the database refuses stays on disk for the next start.
    stopRequestLogPurge();
    await stopUsageRecorder();
    // Gives this replica's unused slices of keys' limits and budgets back, and writes their spend.
    await gatewayLimits.close().catch(() => undefined);
    // PGlite must be closed cleanly or its data directory needs recovery at the next start.
    await closeDatabase().catch(() => undefined);
    // 0, unless a failure set it (Next.js's thread ending, lib/server/next-thread.ts).
    process.exit();
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

if (isNextThread()) void runNextThread();
else
  main().catch((error) => {
    console.error("[server] could not start:", error instanceof Error ? error.message : error);
    process.exit(1);
  });
