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
let cookie: string;

beforeAll(async () => {
  const serve = createNodeConsoleProxy({ dispatcher: loopback, recordUsage: usage.record });
  server = http.createServer((req, res) => {
    const flushHeaders = res.flushHeaders.bind(res);
    res.flushHeaders = () => {
      headersSentAlone.push(req.url ?? "");
      flushHeaders();
    };
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
});

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
    await new Promise((resolve) => setTimeout(resolve, 20));
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
    await new Promise((resolve) => setTimeout(resolve, 20));
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
  async function rawChunks(project: string, done: (text: string) => boolean) {
    const body = JSON.stringify({ model: "slow", input: "wait", stream: true });
    const socket = net.connect(Number(new URL(origin).port), "127.0.0.1");
    const started = performance.now();
    const chunks: { at: number; text: string }[] = [];
    socket.write(
      `POST /api/projects/${project}/openai/v1/responses HTTP/1.1\r\nhost: ${new URL(origin).host}\r\ncookie: ${cookie}\r\norigin: ${origin}\r\n` +
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

  it("sends the headers at once when the first event is slow to come", async () => {
    const chunks = await rawChunks(slowProjectId, (text) => text.includes("response.created"));
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks[0].text).toMatch(/^HTTP\/1\.1 200 /);
    expect(chunks[0].text).not.toContain("response.created");
    expect(headersSentAlone.filter((url) => url.includes(slowProjectId))).toHaveLength(1);
    // The event was 400 ms behind the headers upstream; the caller saw the headers well before it.
    expect((chunks.at(-1)?.at ?? 0) - chunks[0].at).toBeGreaterThan(200);
  });
});
