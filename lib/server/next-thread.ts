import "server-only";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { MessageChannel, type MessagePort, parentPort, Worker, workerData } from "node:worker_threads";
import { adoptDatabase, closeDatabase, getDatabase } from "@/lib/db/client";
import { errorBody } from "@/lib/http/errors";
import { proxyToSocket } from "@/lib/http/socket-proxy";
import { acceptUsageEvents, relayUsageEvents, stopUsageRecorder } from "@/lib/usage/record";

// Next.js runs on a thread of its own, and the main thread keeps the lean paths (the gateway, the
// console proxy, the sandbox). Once Next.js has served a page it leaves async-context hooks on for
// every promise of its thread, wraps process.nextTick and setImmediate, and its start misleads V8's
// pretenuring: on the main thread that cost every gateway call about a sixth of its CPU. Pages
// reach it over a unix socket in a private directory; the embedded database, usage events and
// forgotten keys cross between the threads through ports and a channel (ADR 0023).

interface NextThreadData {
  role: "next";
  socketPath: string;
  hostname: string;
  port: number;
  usagePort: MessagePort;
  databasePort?: MessagePort;
}

export interface NextThread {
  /** Serves a request with Next.js. */
  handle(req: http.IncomingMessage, res: http.ServerResponse): void;
  /** Lets requests in flight finish (briefly), then ends the thread. */
  stop(): Promise<void>;
}

const STOP_WAIT_MS = 10_000;

/** True in the thread this module started for Next.js. */
export function isNextThread(): boolean {
  return (workerData as NextThreadData | undefined)?.role === "next";
}

/** In the main thread, once the database is open: starts Next.js on its thread and waits until it serves. */
export async function startNextThread(entry: URL, options: { hostname: string; port: number }): Promise<NextThread> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "switchboard-"));
  const socketPath = path.join(dir, "next.sock");
  const usage = new MessageChannel();
  acceptUsageEvents(usage.port1);
  const databasePort = (await getDatabase()).share?.();
  const data: NextThreadData = { role: "next", socketPath, ...options, usagePort: usage.port2, databasePort };
  const worker = new Worker(entry, { workerData: data, transferList: databasePort ? [usage.port2, databasePort] : [usage.port2] });

  let stopping = false;
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  try {
    await new Promise<void>((resolve, reject) => {
      worker.once("message", (message: { ready?: true; failed?: string }) =>
        message.ready ? resolve() : reject(new Error(`Next.js could not start: ${message.failed}`)),
      );
      worker.once("error", reject);
      void exited.then(() => reject(new Error("Next.js's thread ended while starting")));
    });
  } catch (error) {
    stopping = true;
    await worker.terminate();
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  // Without Next.js the console is gone: end the process, and let whatever runs it start it again.
  worker.on("error", (error) => console.error("[server] Next.js's thread failed:", error.message));
  void exited.then(() => {
    if (stopping) return;
    console.error("[server] Next.js's thread ended; stopping");
    // A failure, for whatever restarts the process on one.
    process.exitCode = 1;
    process.kill(process.pid, "SIGTERM");
  });

  return {
    handle: proxyToSocket(socketPath),
    async stop() {
      stopping = true;
      worker.postMessage({ stop: true });
      const timer = setTimeout(() => void worker.terminate(), STOP_WAIT_MS);
      await exited;
      clearTimeout(timer);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The thread's own start: Next.js on the socket, with the database and usage of the main thread. */
export async function runNextThread(): Promise<void> {
  const data = workerData as NextThreadData;
  const port = parentPort as MessagePort;
  try {
    if (data.databasePort) adoptDatabase(data.databasePort);
    relayUsageEvents(data.usagePort);
    // Loaded here only: the main thread never loads Next.js at all.
    const { default: next } = await import("next");
    const app = next({ dev: false, dir: process.cwd(), port: data.port, hostname: data.hostname });
    const handle = app.getRequestHandler();
    await app.prepare();
    const server = http.createServer((req, res) => {
      handle(req, res).catch((error) => {
        console.error("[server] request failed:", error instanceof Error ? error.message : error);
        const { status, body } = errorBody(error);
        if (!res.headersSent) res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      });
    });
    server.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve, reject) => server.once("error", reject).listen(data.socketPath, resolve));
    port.on("message", async (message: { stop?: true }) => {
      if (!message.stop) return;
      server.close();
      server.closeIdleConnections();
      await stopUsageRecorder().catch(() => undefined);
      await closeDatabase().catch(() => undefined);
      process.exit(0);
    });
    port.postMessage({ ready: true });
  } catch (error) {
    port.postMessage({ failed: error instanceof Error ? error.message : String(error) });
  }
}
