// The reference of `npm run bench:proxy`: the least a proxy hop can cost here. node:http in,
// undici's request() on a keep-alive Pool out, bodies piped both ways, no checks, no parsing, no
// database. Whatever the console proxy adds beyond this is its own work. Runs as its own process
// (`node --import tsx scripts/bench/pass-through.ts UPSTREAM_ORIGIN`) and prints {"port":…}.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { pipeline } from "node:stream";
import { type Dispatcher, Pool } from "undici";

const [origin] = process.argv.slice(2);
if (!origin) throw new Error("usage: pass-through.ts UPSTREAM_ORIGIN");
const pool = new Pool(origin, { connections: 64 });
const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "host"]);

function endToEnd(headers: http.IncomingHttpHeaders | Record<string, string | string[] | undefined>) {
  return Object.fromEntries(Object.entries(headers).filter(([name, value]) => value !== undefined && !HOP_BY_HOP.has(name))) as Record<
    string,
    string | string[]
  >;
}

const server = http.createServer(async (req, res) => {
  try {
    const reply = await pool.request({
      method: req.method as Dispatcher.HttpMethod,
      path: req.url ?? "/",
      headers: endToEnd(req.headers),
      body: req.method === "GET" || req.method === "HEAD" ? null : req,
    });
    res.writeHead(reply.statusCode, endToEnd(reply.headers));
    res.flushHeaders();
    pipeline(reply.body, res, () => undefined);
  } catch {
    res.destroy();
  }
});
server.keepAliveTimeout = 65_000;
server.listen(0, "127.0.0.1", () => {
  console.log(JSON.stringify({ port: (server.address() as AddressInfo).port }));
});
process.on("SIGTERM", () => process.exit(0));
