import type http from "node:http";
import { Readable } from "node:stream";
import { Agent } from "undici";
import { beforeAll, describe, expect, it } from "vitest";
import { type ForwardInput, forwardToUpstream } from "@/lib/upstream/forward";
import { createGuardedDispatcher, type LookupFunction } from "@/lib/upstream/guarded-dispatcher";
import { targetFor } from "@/lib/upstream/target";
import { makeProject } from "./support/fixtures";
import { fakeUpstreamForThisFile, loopback, usageCollector } from "./support/upstream";

// The forwarding core against hand-made upstreams: exact bytes, lockstep streaming, hangs,
// refusals and redirects — what the sandbox does not do on demand.

const KEY = "sk-forward-test-0123456789abcdefghij";
const EVENTS = Array.from(
  { length: 20 },
  (_, i) => `event: response.output_text.delta\ndata: {"type":"response.output_text.delta","delta":"w${i} \\u00e9\u00e9"}\n\n`,
);
let releaseNext: (() => void) | undefined;
let upstreamClosed: Promise<void> = Promise.resolve();
let echoed: { method?: string; headers?: http.IncomingHttpHeaders; bytes: number } = { bytes: 0 };

const upstream = fakeUpstreamForThisFile(async (req, res) => {
  const url = req.url ?? "";
  if (url.startsWith("/v1/lockstep")) {
    // Sends one event, then waits until the test has seen it before sending the next.
    res.writeHead(200, { "content-type": "text/event-stream", "x-request-id": "req_lockstep" });
    for (const event of EVENTS) {
      res.write(event);
      await new Promise<void>((resolve) => {
        releaseNext = resolve;
      });
    }
    res.end();
    return;
  }
  if (url.startsWith("/v1/hang-stream")) {
    upstreamClosed = new Promise((resolve) => res.on("close", () => resolve()));
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.write('data: {"type":"response.created","response":{"model":"m"}}\n\n');
    return;
  }
  if (url.startsWith("/v1/chat/completions?big")) {
    // Chunked, no length: 1.5 MB of JSON in pieces.
    res.writeHead(200, { "content-type": "application/json" });
    res.write('{"id":"chatcmpl-big","object":"chat.completion","filler":"');
    for (let i = 0; i < 24; i++) res.write("x".repeat(64 * 1024));
    res.end('","usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}}');
    return;
  }
  if (url.startsWith("/v1/chat/completions?cut")) {
    // Promises 500 bytes of JSON and stops after a few.
    res.writeHead(200, { "content-type": "application/json", "content-length": "500", "x-request-id": "req_cut" });
    res.write('{"id":"chatcmpl-1","object":"chat.completion"');
    setTimeout(() => res.socket?.destroy(), 20);
    return;
  }
  if (url.startsWith("/v1/chat/completions")) {
    res.writeHead(200, { "content-type": "application/json", "x-request-id": "req_whole" });
    res.end(
      JSON.stringify({
        id: "chatcmpl-2",
        object: "chat.completion",
        model: "m",
        choices: [],
        usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 },
      }),
    );
    return;
  }
  if (url.startsWith("/v1/hang")) return; // never answers
  if (url.startsWith("/v1/redirect")) {
    res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end();
    return;
  }
  if (url.startsWith("/v1/html-error")) {
    res.writeHead(502, { "content-type": "text/html" }).end("<html><body>nginx bad gateway at 10.1.2.3</body></html>");
    return;
  }
  if (url.startsWith("/v1/echo-key")) {
    res.writeHead(401, { "content-type": "application/json", "set-cookie": "upstream=1" });
    res.end(
      JSON.stringify({
        error: {
          message: `Incorrect API key provided: ${req.headers.authorization}`,
          type: "invalid_request_error",
          code: "invalid_api_key",
        },
      }),
    );
    return;
  }
  if (url.includes("/deployments/") || url.startsWith("/openai/v1/")) {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({ url, apiKey: req.headers["api-key"], authorization: req.headers.authorization ?? null, body: JSON.parse(raw) }),
    );
    return;
  }
  if (url.startsWith("/v1/files")) {
    let bytes = 0;
    for await (const chunk of req) bytes += chunk.length;
    echoed = { method: req.method, headers: req.headers, bytes };
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id: "file-1", object: "file", bytes }));
    return;
  }
  res.writeHead(404).end();
});

const usage = usageCollector();
let projectId: string;
beforeAll(async () => {
  projectId = (await makeProject("Forward")).id;
});

function input(path: string, overrides: Partial<ForwardInput> = {}): ForwardInput {
  return {
    projectId,
    caller: { source: "console", userId: null, apiKeyId: null },
    method: "GET",
    path,
    search: "",
    headers: {},
    body: null,
    signal: new AbortController().signal,
    ...overrides,
  };
}

function target(dispatcher: Agent = loopback, baseUrl = upstream.baseURL) {
  return targetFor({ kind: "compatible", baseUrl, apiKey: KEY }, { dispatcher });
}

async function text(body: Readable): Promise<string> {
  let out = "";
  for await (const chunk of body) out += chunk.toString();
  return out;
}

describe("whole JSON answers", () => {
  const post = (search = "") =>
    input("/chat/completions", {
      method: "POST",
      search,
      headers: { "content-type": "application/json" },
      body: Readable.from([Buffer.from(JSON.stringify({ model: "m", messages: [] }))]),
    });

  it("are read whole, recorded, and handed on with their bytes", async () => {
    const before = usage.events.length;
    const reply = await forwardToUpstream(post(), { target: target(), recordUsage: usage.record });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.bytes?.toString() ?? "")).toMatchObject({ id: "chatcmpl-2" });
    expect(JSON.parse(await text(reply.body))).toMatchObject({ id: "chatcmpl-2" });
    await usage.recordedAfter(before);
    expect(usage.events.at(-1)).toMatchObject({ upstreamRequestId: "req_whole", outcome: "completed", inputTokens: 3, outputTokens: 4 });
  });

  it("longer than a megabyte are passed on as they come, whole", async () => {
    const before = usage.events.length;
    const reply = await forwardToUpstream(post("big=1"), { target: target(), recordUsage: usage.record });
    expect(reply.bytes).toBeUndefined();
    const body = JSON.parse(await text(reply.body));
    expect(body.filler).toHaveLength(24 * 64 * 1024);
    await usage.recordedAfter(before);
    expect(usage.events.at(-1)).toMatchObject({ outcome: "completed", inputTokens: 1, outputTokens: 2 });
  });

  it("answer 502 in OpenAI's shape when the upstream cuts one off, recorded as incomplete", async () => {
    const reply = await forwardToUpstream(post("cut=1"), { target: target(), recordUsage: usage.record });
    expect(reply.status).toBe(502);
    expect(JSON.parse(await text(reply.body)).error).toMatchObject({ type: "api_error", code: "upstream_cut_off" });
    expect(usage.events.at(-1)).toMatchObject({ upstreamRequestId: "req_cut", outcome: "incomplete", status: 200 });
  });
});

describe("streaming", () => {
  it("forwards every event the moment it arrives, byte for byte", async () => {
    const before = usage.events.length;
    const reply = await forwardToUpstream(input("/lockstep"), { target: target(), recordUsage: usage.record });
    expect(reply.status).toBe(200);
    const received: Buffer[] = [];
    const chunks = reply.body[Symbol.asyncIterator]();
    for (let i = 0; i < EVENTS.length; i++) {
      // The next event is only sent once this one has come out of the proxy: no batching.
      while (!Buffer.concat(received).toString("utf8").endsWith(EVENTS[i])) {
        const next = await chunks.next();
        expect(next.done).toBe(false);
        received.push(next.value);
      }
      releaseNext?.();
    }
    expect((await chunks.next()).done).toBe(true);
    expect(Buffer.concat(received).toString("utf8")).toBe(EVENTS.join(""));
    await usage.recordedAfter(before);
    expect(usage.events.at(-1)).toMatchObject({ upstreamRequestId: "req_lockstep", outcome: "incomplete", usageReported: false });
  });

  it("aborts the upstream call when the caller goes away, and records it as aborted", async () => {
    const caller = new AbortController();
    const before = usage.events.length;
    const reply = await forwardToUpstream(input("/hang-stream", { signal: caller.signal }), {
      target: target(),
      recordUsage: usage.record,
    });
    await new Promise((resolve) => reply.body.once("data", resolve));
    caller.abort();
    reply.body.destroy();
    await upstreamClosed;
    await usage.recordedAfter(before);
    expect(usage.events.length).toBe(before + 1);
    expect(usage.events.at(-1)).toMatchObject({ outcome: "aborted", model: "m" });
  });
});

describe("failures", () => {
  it("answers 504 when the upstream does not answer in time", async () => {
    const reply = await forwardToUpstream(input("/hang"), { target: target(), recordUsage: usage.record, timeouts: { headersMs: 200 } });
    expect(reply.status).toBe(504);
    expect(JSON.parse(await text(reply.body)).error.message).toMatch(/took too long/);
    expect(usage.events.at(-1)).toMatchObject({ outcome: "timeout", status: 504 });
  });

  it("retries a refused connection for reads and for posts with an Idempotency-Key, never for other posts", async () => {
    let attempts = 0;
    const refusing = new Agent({
      connect: (_options, callback) => {
        attempts++;
        const error: NodeJS.ErrnoException = new Error("connect ECONNREFUSED 127.0.0.1:1");
        error.code = "ECONNREFUSED";
        queueMicrotask(() => callback(error, null));
      },
    });
    const options = { target: target(refusing), recordUsage: usage.record, retryDelaysMs: [1, 1] };
    const get = await forwardToUpstream(input("/models"), options);
    expect(get.status).toBe(502);
    const body = JSON.parse(await text(get.body));
    expect(body.error).toMatchObject({ type: "api_error", code: "upstream_unreachable" });
    expect(body.error.message).toMatch(/refused the connection/);
    expect(body.error.message).not.toMatch(/127\.0\.0\.1/);
    expect(attempts).toBe(3);

    attempts = 0;
    const post = (headers: Record<string, string>) =>
      forwardToUpstream(
        input("/responses", {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body: Readable.from([Buffer.from('{"model":"x","input":"hi"}')]),
        }),
        options,
      );
    expect((await post({})).status).toBe(502);
    expect(attempts).toBe(1);
    attempts = 0;
    expect((await post({ "idempotency-key": "abc" })).status).toBe(502);
    expect(attempts).toBe(3);
    expect(usage.events.at(-1)).toMatchObject({ outcome: "network_error", status: 502, model: "x" });
  });

  it("says when the upstream's host name does not resolve", async () => {
    const lookup: LookupFunction = (hostname, _options, callback) => {
      const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
      error.code = "ENOTFOUND";
      callback(error, []);
    };
    const dispatcher = createGuardedDispatcher({ allowPrivateNetworks: false }, { lookup });
    const reply = await forwardToUpstream(input("/models"), {
      target: target(dispatcher, "https://no-such-host.example/v1"),
      recordUsage: usage.record,
      retryDelaysMs: [1, 1],
    });
    expect(reply.status).toBe(502);
    expect(JSON.parse(await text(reply.body)).error.message).toMatch(/could not be resolved/);
  });

  it("refuses a host name that resolves to the metadata address", async () => {
    const lookup: LookupFunction = (_hostname, _options, callback) => callback(null, [{ address: "169.254.169.254", family: 4 }]);
    const dispatcher = createGuardedDispatcher({ allowPrivateNetworks: true }, { lookup });
    const reply = await forwardToUpstream(input("/models"), {
      target: target(dispatcher, "https://metadata.example/v1"),
      recordUsage: usage.record,
    });
    expect(reply.status).toBe(502);
    const error = JSON.parse(await text(reply.body)).error;
    expect(error.code).toBe("upstream_blocked");
    expect(error.message).toMatch(/not allowed/);
  });

  it("does not follow a redirect to the metadata address", async () => {
    const reply = await forwardToUpstream(input("/redirect"), { target: target(), recordUsage: usage.record });
    expect(reply.status).toBe(502);
    expect(JSON.parse(await text(reply.body)).error.message).toMatch(/redirect/);
  });

  it("describes a non-JSON upstream error in words instead of passing its body on", async () => {
    const reply = await forwardToUpstream(input("/html-error"), { target: target(), recordUsage: usage.record });
    expect(reply.status).toBe(502);
    const raw = await text(reply.body);
    expect(raw).not.toMatch(/nginx|10\.1\.2\.3/);
    expect(JSON.parse(raw).error.message).toBe("The upstream had a gateway error (HTTP 502)");
  });

  it("scrubs the key from an upstream error that echoes it, and drops the upstream's cookies", async () => {
    const reply = await forwardToUpstream(input("/echo-key"), { target: target(), recordUsage: usage.record });
    expect(reply.status).toBe(401);
    const raw = await text(reply.body);
    expect(raw).not.toContain(KEY);
    expect(JSON.parse(raw).error).toMatchObject({ code: "invalid_api_key", message: "Incorrect API key provided: Bearer [redacted]" });
    expect(reply.headers["set-cookie"]).toBeUndefined();
  });
});

describe("azure", () => {
  const body = () => Readable.from([Buffer.from(JSON.stringify({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }] }))]);
  const call = (baseUrl: string) => {
    const azure = targetFor(
      { kind: "azure", baseUrl, apiKey: KEY, azureApiVersion: "2024-10-21", azureDeployments: { "gpt-4o": "prod-4o" } },
      { dispatcher: loopback },
    );
    return forwardToUpstream(
      input("/chat/completions", { method: "POST", headers: { "content-type": "application/json" }, body: body() }),
      {
        target: azure,
        recordUsage: usage.record,
      },
    );
  };

  it("sends the key as api-key, the api-version, and the deployment in the path", async () => {
    const before = usage.events.length;
    const reply = await call(upstream.baseURL.replace(/\/v1$/, "/openai"));
    const seen = JSON.parse(await text(reply.body));
    expect(seen.url).toBe("/openai/deployments/prod-4o/chat/completions?api-version=2024-10-21");
    expect(seen.apiKey).toBe(KEY);
    expect(seen.authorization).toBeNull();
    await usage.recordedAfter(before);
    expect(usage.events.at(-1)?.model).toBe("gpt-4o");
  });

  it("names the deployment as the model on Azure's v1 API", async () => {
    const before = usage.events.length;
    const reply = await call(upstream.baseURL.replace(/\/v1$/, "/openai/v1"));
    const seen = JSON.parse(await text(reply.body));
    expect(seen.url).toBe("/openai/v1/chat/completions?api-version=2024-10-21");
    expect(seen.body.model).toBe("prod-4o");
    // Its event, before the next test counts its own.
    await usage.recordedAfter(before);
  });
});

describe("uploads", () => {
  it("streams a multipart body through with its length, without the caller's credentials", async () => {
    const before = usage.events.length;
    const size = 5 * 1024 * 1024;
    const boundary = "----sbtest";
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="purpose"\r\n\r\nbatch\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.jsonl"\r\nContent-Type: application/jsonl\r\n\r\n`,
    );
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    async function* parts() {
      yield head;
      for (let sent = 0; sent < size; sent += 64 * 1024) yield Buffer.alloc(64 * 1024, 97);
      yield tail;
    }
    const length = head.length + size + tail.length;
    const reply = await forwardToUpstream(
      input("/files", {
        method: "POST",
        headers: {
          "content-type": `multipart/form-data; boundary=${boundary}`,
          "content-length": String(length),
          cookie: "session=secret",
          authorization: "Bearer sk-sb-caller",
        },
        body: Readable.from(parts()),
      }),
      { target: target(), recordUsage: usage.record },
    );
    expect(reply.status).toBe(200);
    expect(JSON.parse(await text(reply.body)).bytes).toBe(length);
    expect(echoed.bytes).toBe(length);
    expect(echoed.headers?.["content-length"]).toBe(String(length));
    expect(echoed.headers?.cookie).toBeUndefined();
    expect(echoed.headers?.authorization).toBe(`Bearer ${KEY}`);
    await usage.recordedAfter(before);
    expect(usage.events.at(-1)).toMatchObject({ endpoint: "/files", outcome: "completed" });
  });
});
