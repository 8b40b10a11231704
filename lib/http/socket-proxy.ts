import "server-only";
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import { errorBody } from "./errors";

// Headers that describe one connection, not the message: each hop sets its own (RFC 9110 §7.6.1).
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade"]);

function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const kept: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) if (!HOP_BY_HOP.has(name)) kept[name] = value;
  return kept;
}

/**
 * Passes requests on to an HTTP server listening on a unix socket of this machine (Next.js's
 * thread, ADR 0023), streaming both bodies, and answers for it: a client that goes away cancels
 * the request there, and a server that cannot be reached is a 502.
 */
export function proxyToSocket(socketPath: string): (req: IncomingMessage, res: ServerResponse) => void {
  // Idle connections are let go well before the server behind would close them (65 s), so that a
  // request never goes out on one it is closing at that moment.
  const agent = new http.Agent({ keepAlive: true, timeout: 30_000 });
  return (req, res) => {
    let gone = false;
    const forward = http.request({ socketPath, agent, method: req.method, path: req.url, headers: endToEnd(req.headers) }, (reply) => {
      res.writeHead(reply.statusCode ?? 502, reply.statusMessage, endToEnd(reply.headers));
      reply.pipe(res);
      reply.on("error", () => res.destroy());
    });
    forward.on("error", (error) => {
      if (gone) return;
      if (res.headersSent) {
        res.destroy();
        return;
      }
      console.error("[server] the pages' thread did not answer:", error.message);
      res.writeHead(502, { "content-type": "application/json" });
      res.end(JSON.stringify(errorBody(error).body));
    });
    res.on("close", () => {
      if (res.writableFinished) return;
      gone = true;
      forward.destroy();
    });
    req.pipe(forward);
  };
}
