import http from "node:http";
import net, { type AddressInfo } from "node:net";
import OpenAI, { toFile } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionCookieName } from "@/lib/auth/session";
import { createNodeConsoleProxy } from "@/lib/upstream/console-proxy";
import { makeProject, makeUser } from "./support/fixtures";
import { sessionCookieFor } from "./support/http";
import { sandboxForThisFile } from "./support/sandbox-server";
import { connectProject, loopback, startFakeUpstream, usageCollector } from "./support/upstream";

// The console proxy's lean door served over real HTTP as server.ts serves it, called by the official SDK
// as the browser calls it: the SDK's own types and parsing work through it, and a caller that
// goes away stops the upstream call.

const sandbox = sandboxForThisFile();
const usage = usageCollector();
let server: http.Server;
let origin: string;
let client: OpenAI;
let projectId: string;
let hangingProjectId: string;
let upstreamClosed: Promise<void>;
let upstreamCalled: () => void = () => undefined;
let hanging: Awaited<ReturnType<typeof startFakeUpstream>>;
let slowProjectId: string;
// The calls whose reply headers went out in a write of their own.
const headersSentAlone: string[] = [];
let slow: Awaited<ReturnType<typeof startFakeUpstream>>;
let pacedProjectId: string;
let paced: Awaited<ReturnType<typeof startFakeUpstream>>;
// What the server wrote to the caller's socket for the paced project's calls, one entry per write.
const pacedWrites: string[] = [];
let cookie: string;

beforeAll(async () => {
  const serve = createNodeConsoleProxy({ dispatcher: loopback, recordUsage: usage.record });
  server = http.createServer((req, res) => {
    const flushHeaders = res.flushHeaders.bind(res);
    res.flushHeaders = () => {
      headersSentAlone.push(req.url ?? "");
      flushHeaders();
    };
    if (pacedProjectId && req.url?.includes(pacedProjectId)) recordWrites(req.socket, pacedWrites);
    serve(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const user = await makeUser();
  projectId = (await makeProject("Over HTTP", [{ userId: user.id, role: "member" }])).id;
  hangingProjectId = (await makeProject("Hanging", [{ userId: user.id, role: "member" }])).id;
  await connectProject(projectId, sandbox.baseURL, sandbox.apiKey);
  hanging = await startFakeUpstream((req, res) => {
    upstreamClosed = new Promise((resolve) => res.on("close", () => resolve()));
    upstreamCalled();
    // Chat completions never answer at all; responses start a stream and stop there.
    if (req.url?.endsWith("/chat/completions")) return;
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.write('data: {"type":"response.created","response":{"model":"slow"}}\n\n');
  });
  await connectProject(hangingProjectId, hanging.baseURL, "sk-hanging-0123456789abcdef");
  slowProjectId = (await makeProject("Slow first event", [{ userId: user.id, role: "member" }])).id;
  // A model that thinks before its first event: the headers now, the event 400 ms later.
  slow = await startFakeUpstream((_req, res) => {
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.flushHeaders();
    setTimeout(() => res.end('data: {"type":"response.created","response":{"model":"slow"}}\n\n'), 400);
  });
  await connectProject(slowProjectId, slow.baseURL, "sk-slow-0123456789abcdef");
  pacedProjectId = (await makeProject("Paced events", [{ userId: user.id, role: "member" }])).id;
  // Events 20 ms apart, the last one written together with the end of the stream.
  paced = await startFakeUpstream(async (req, res) => {
    const chat = req.url?.endsWith("/chat/completions");
    const delta = (text: string) =>
      chat
        ? { object: "chat.completion.chunk", model: "paced", choices: [{ index: 0, delta: { content: text } }] }
        : { type: "response.output_text.delta", delta: text };
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.write(`data: ${JSON.stringify(delta(""))}\n\n`);
    for (const text of ["Hel", "lo"]) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      res.write(`data: ${JSON.stringify(delta(text))}\n\n`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    res.end(chat ? "data: [DONE]\n\n" : 'data: {"type":"response.completed","response":{"model":"paced","status":"completed"}}\n\n');
  });
  await connectProject(pacedProjectId, paced.baseURL, "sk-paced-0123456789abcdef");
  cookie = `${sessionCookieName()}=${await sessionCookieFor(user.id)}`;
  client = new OpenAI({
    baseURL: `${origin}/api/projects/${projectId}/openai/v1`,
    apiKey: "session",
    defaultHeaders: { cookie, origin },
    maxRetries: 0,
  });
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await hanging.close();
  await slow.close();
  await paced.close();
});

function recordWrites(socket: net.Socket, writes: string[]) {
  const text = (data: unknown) => (Buffer.isBuffer(data) ? data.toString("utf8") : String(data));
  const target = socket as net.Socket & {
    _write: (data: unknown, encoding: string, callback: () => void) => void;
    _writev: (chunks: { chunk: unknown }[], callback: () => void) => void;
  };
  const write = target._write.bind(target);
  const writev = target._writev.bind(target);
  target._write = (data, encoding, callback) => {
    writes.push(text(data));
    write(data, encoding, callback);
  };
  target._writev = (chunks, callback) => {
    writes.push(chunks.map(({ chunk }) => text(chunk)).join(""));
    writev(chunks, callback);
  };
}

describe("the official SDK through the console proxy", () => {
  it("lists models, streams a response and uploads a file", async () => {
    const models = [];
    for await (const model of client.models.list()) models.push(model.id);
    expect(models).toContain("sandbox-chat");

    const stream = await client.responses.create({ model: "sandbox-chat", input: "Stream through the proxy", stream: true });
    const types: string[] = [];
    let text = "";
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === "response.output_text.delta") text += event.delta;
    }
    expect(types[0]).toBe("response.created");
    expect(types.at(-1)).toBe("response.completed");
    expect(text.length).toBeGreaterThan(0);

    const file = await client.files.create({ file: await toFile(Buffer.from('{"a":1}\n'), "lines.jsonl"), purpose: "batch" });
    expect(file).toMatchObject({ object: "file", filename: "lines.jsonl", bytes: 8 });
    const content = await client.files.content(file.id);
    expect(await content.text()).toBe('{"a":1}\n');
  });

  it("gives the SDK an APIError it can read, with the retry-after of a 429", async () => {
    const error = await client.responses
      .create({ model: "sandbox-chat", input: "x" }, { headers: { "x-sandbox-fault": "429" } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as InstanceType<typeof OpenAI.APIError>).headers?.get("retry-after")).toBe("2");
  });

  it("stops the upstream call when the caller hangs up", async () => {
    const before = usage.events.length;
    const url = new URL(`${origin}/api/projects/${hangingProjectId}/openai/v1/responses`);
    const request = http.request(url, { method: "POST", headers: { cookie, origin, "content-type": "application/json" } });
    request.end(JSON.stringify({ model: "slow", input: "wait", stream: true }));
    const response = await new Promise<http.IncomingMessage>((resolve) => request.on("response", resolve));
    await new Promise((resolve) => response.once("data", resolve));
    request.destroy();
    await upstreamClosed;
    await usage.recordedAfter(before);
    expect(usage.events.length).toBe(before + 1);
    expect(usage.events.at(-1)).toMatchObject({ outcome: "aborted", projectId: hangingProjectId });
  });

  it("stops the upstream call when the caller hangs up before the upstream has answered", async () => {
    const before = usage.events.length;
    const called = new Promise<void>((resolve) => {
      upstreamCalled = resolve;
    });
    const url = new URL(`${origin}/api/projects/${hangingProjectId}/openai/v1/chat/completions`);
    const request = http.request(url, { method: "POST", headers: { cookie, origin, "content-type": "application/json" } });
    request.on("error", () => undefined);
    request.end(JSON.stringify({ model: "slow", messages: [{ role: "user", content: "wait" }] }));
    await called;
    request.destroy();
    await upstreamClosed;
    await usage.recordedAfter(before);
    expect(usage.events.length).toBe(before + 1);
    expect(usage.events.at(-1)).toMatchObject({ outcome: "aborted", projectId: hangingProjectId, endpoint: "/chat/completions" });
  });
});

describe("the lean door's own checks", () => {
  it("asks the signed-out to sign in and refuses a post from another site, in OpenAI's shape", async () => {
    const anonymous = await fetch(`${origin}/api/projects/${projectId}/openai/v1/models`);
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).error).toMatchObject({ message: "Sign in to continue", type: "invalid_request_error" });
    const crossSite = await fetch(`${origin}/api/projects/${projectId}/openai/v1/responses`, {
      method: "POST",
      headers: { cookie, origin: "https://evil.example", "content-type": "application/json" },
      body: JSON.stringify({ model: "sandbox-chat", input: "x" }),
    });
    expect(crossSite.status).toBe(403);
  });
});

describe("a streamed reply on the wire", () => {
  // What the caller's socket reads, chunk by chunk, until `done` holds for everything read so far.
  async function rawChunks(project: string, done: (text: string) => boolean, endpoint = "responses") {
    const body = JSON.stringify(
      endpoint === "responses"
        ? { model: "slow", input: "wait", stream: true }
        : { model: "slow", messages: [{ role: "user", content: "wait" }], stream: true },
    );
    const socket = net.connect(Number(new URL(origin).port), "127.0.0.1");
    const started = performance.now();
    const chunks: { at: number; text: string }[] = [];
    socket.write(
      `POST /api/projects/${project}/openai/v1/${endpoint} HTTP/1.1\r\nhost: ${new URL(origin).host}\r\ncookie: ${cookie}\r\norigin: ${origin}\r\n` +
        `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    await new Promise<void>((resolve, reject) => {
      socket.on("error", reject);
      socket.on("data", (data: Buffer) => {
        chunks.push({ at: performance.now() - started, text: data.toString("utf8") });
        if (done(chunks.map((chunk) => chunk.text).join(""))) resolve();
      });
    });
    socket.destroy();
    return chunks;
  }

  it("sends the headers with the first event when the upstream sent them together: one write", async () => {
    const chunks = await rawChunks(hangingProjectId, (text) => text.includes("response.created"));
    expect(chunks[0].text).toMatch(/^HTTP\/1\.1 200 /);
    expect(chunks[0].text).toContain("text/event-stream");
    expect(headersSentAlone.filter((url) => url.includes(hangingProjectId))).toEqual([]);
  });

  it.each([
    ["responses", "response.completed", "response.output_text.delta"],
    ["chat/completions", "[DONE]", '"delta":{"content"'],
  ])("sends the last event and the end of the stream in one write (%s)", async (endpoint, last, delta) => {
    pacedWrites.length = 0;
    const chunks = await rawChunks(pacedProjectId, (text) => text.endsWith("0\r\n\r\n"), endpoint);
    const all = chunks.map((chunk) => chunk.text).join("");
    for (const piece of ['"Hel"', '"lo"', last]) expect(all).toContain(piece);
    const lastWrite = pacedWrites.find((write) => write.includes(last));
    expect(lastWrite?.endsWith("0\r\n\r\n")).toBe(true);
    // The events before it were not held back for it: each went out as it came.
    expect(pacedWrites.filter((write) => write.includes(delta))).toHaveLength(3);
  });

  it("sends the headers at once when the first event is slow to come", async () => {
    const chunks = await rawChunks(slowProjectId, (text) => text.includes("response.created"));
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks[0].text).toMatch(/^HTTP\/1\.1 200 /);
    expect(chunks[0].text).not.toContain("response.created");
    expect(headersSentAlone.filter((url) => url.includes(slowProjectId))).toHaveLength(1);
    // The event was 400 ms behind the headers upstream; the caller saw the headers well before it.
    expect((chunks.at(-1)?.at ?? 0) - chunks[0].at).toBeGreaterThan(100);
  });
});
