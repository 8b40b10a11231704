// The upstream of `npm run bench:proxy`: the few OpenAI API calls the bench makes, answered with
// fixed bodies and no work, so the figures measure what sits in front of it. Runs as its own
// process (`node --import tsx scripts/bench/upstream.ts HOST API_KEY`) and prints {"port":…}
// once it listens.
//
// - POST /v1/chat/completions: a small fixed completion with usage.
// - POST /v1/responses with "stream": true: response.created, then `max_output_tokens`
//   response.output_text.delta events one `GAP_MS` apart, then response.completed with usage. Every
//   event carries `t`, the wall-clock time (ms, sub-ms precision) it was written at.
// - POST /v1/files: counts the bytes of the body it is sent (never keeping them) and answers a
//   file object whose `bytes` is that count.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

const [host, apiKey] = process.argv.slice(2);
if (!host || !apiKey) throw new Error("usage: upstream.ts HOST API_KEY");
const GAP_MS = Number(process.env.BENCH_EVENT_GAP_MS || 1);
const MODEL = "bench-model";

const COMPLETION = Buffer.from(
  JSON.stringify({
    id: "chatcmpl-bench",
    object: "chat.completion",
    created: 1_700_000_000,
    model: MODEL,
    choices: [{ index: 0, message: { role: "assistant", content: "Hello! How can I help you today?" }, finish_reason: "stop" }],
    usage: { prompt_tokens: 9, completion_tokens: 9, total_tokens: 18 },
  }),
);

/** Milliseconds since the epoch with sub-millisecond precision, comparable across processes. */
const wallClock = () => performance.timeOrigin + performance.now();

function sendJson(res: http.ServerResponse, status: number, body: Buffer | object) {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
  res.writeHead(status, { "content-type": "application/json", "content-length": bytes.length, "x-request-id": "req_bench" });
  res.end(bytes);
}

async function readJson(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
}

function event(res: http.ServerResponse, data: Record<string, unknown>) {
  res.write(`event: ${data.type}\ndata: ${JSON.stringify({ ...data, t: wallClock() })}\n\n`);
}

async function streamResponse(req: http.IncomingMessage, res: http.ServerResponse, deltas: number) {
  let gone = false;
  res.on("close", () => {
    gone = true;
  });
  res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", "x-request-id": "req_bench" });
  const response = { id: "resp_bench", object: "response", model: MODEL, status: "in_progress", output: [] };
  let sequence = 0;
  event(res, { type: "response.created", sequence_number: sequence++, response });
  for (let i = 0; i < deltas && !gone; i++) {
    await sleep(GAP_MS);
    event(res, {
      type: "response.output_text.delta",
      sequence_number: sequence++,
      item_id: "msg_bench",
      output_index: 0,
      content_index: 0,
      delta: "tok ",
    });
  }
  if (gone) return;
  const usage = {
    input_tokens: 9,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: deltas,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: 9 + deltas,
  };
  event(res, { type: "response.completed", sequence_number: sequence, response: { ...response, status: "completed", usage } });
  res.end();
  req.resume();
}

async function countUpload(req: http.IncomingMessage, res: http.ServerResponse) {
  let bytes = 0;
  for await (const chunk of req) bytes += (chunk as Buffer).length;
  sendJson(res, 200, {
    id: "file-bench",
    object: "file",
    bytes,
    created_at: Math.floor(Date.now() / 1000),
    filename: "bench.bin",
    purpose: "user_data",
    status: "processed",
  });
}

const server = http.createServer((req, res) => {
  const handle = async () => {
    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      req.resume();
      return sendJson(res, 401, {
        error: { message: "Incorrect API key provided", type: "invalid_request_error", param: null, code: null },
      });
    }
    const path = req.url?.split("?")[0];
    if (req.method === "POST" && path === "/v1/chat/completions") {
      await readJson(req);
      return sendJson(res, 200, COMPLETION);
    }
    if (req.method === "POST" && path === "/v1/responses") {
      const body = await readJson(req);
      if (body.stream === true) return streamResponse(req, res, Number(body.max_output_tokens) || 1);
    }
    if (req.method === "POST" && path === "/v1/files") return countUpload(req, res);
    req.resume();
    sendJson(res, 404, { error: { message: `No bench route for ${req.method} ${path}`, type: "invalid_request_error" } });
  };
  handle().catch(() => res.destroy());
});
server.keepAliveTimeout = 65_000;
server.listen(0, host, () => {
  console.log(JSON.stringify({ port: (server.address() as AddressInfo).port }));
});
process.on("SIGTERM", () => process.exit(0));
