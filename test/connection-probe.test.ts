import http from "node:http";
import type { AddressInfo } from "node:net";
import { Agent } from "undici";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { allCapabilities } from "@/lib/connection/capabilities";
import { testConnection } from "@/lib/upstream/probe";
import { type ConnectionFields, targetFor } from "@/lib/upstream/target";
import { sandboxForThisFile } from "./support/sandbox-server";

// Upstreams here listen on 127.0.0.1, which the URL guard refuses, so each target gets a plain
// undici Agent: the bypass is in this test's code, as the guard's design intends.
const plain = new Agent();
const sandbox = sandboxForThisFile();

function target(fields: Partial<ConnectionFields> & { baseUrl: string | null }) {
  return targetFor({ kind: "compatible", apiKey: null, ...fields }, { dispatcher: plain });
}

type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

/** A tiny upstream: answers from a table of "METHOD /path" → reply, and a plain-text 404 otherwise, as vLLM's or Ollama's router does. */
async function fakeUpstream(routes: Record<string, Reply | ((req: http.IncomingMessage) => Reply)>) {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    const path = (req.url ?? "").split("?")[0];
    seen.push(`${req.method} ${req.url}`);
    const entry = routes[`${req.method} ${path}`];
    const reply = typeof entry === "function" ? entry(req) : entry;
    if (!reply) {
      res.writeHead(404, { "content-type": "text/plain" }).end("404 page not found");
      return;
    }
    const text = typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body ?? {});
    res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers }).end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return {
    baseUrl,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const MODELS = { status: 200, body: { object: "list", data: [{ id: "llama-3.1-8b" }, { id: "nomic-embed-text" }, { id: "aaa-model" }] } };

afterAll(async () => {
  await plain.close();
});

describe("against the standalone sandbox", () => {
  test("models, latency and what it offers", async () => {
    const result = await testConnection(target({ baseUrl: sandbox.baseURL, apiKey: sandbox.apiKey }));
    expect(result.ok).toBe(true);
    expect(result.error).toBeUndefined();
    expect(result.modelCount).toBeGreaterThanOrEqual(4);
    expect(result.models).toEqual([...result.models].sort((a, b) => a.localeCompare(b)));
    expect(result.models).toContain("sandbox-chat");
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(result.capabilities).toMatchObject({
      files: "available",
      vectorStores: "available",
      chatCompletions: "available",
      // Its GET /responses/{id} says that the probe's id was not found: the route exists.
      responses: "available",
      // sandbox-embed-small is listed.
      embeddings: "available",
    });
  });

  test("a wrong key is a 401 in words, and the key is not in the answer", async () => {
    const wrong = "sk-wrong-canary-key-000000000000dead";
    const result = await testConnection(target({ baseUrl: sandbox.baseURL, apiKey: wrong }));
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/^The upstream refused the API key \(401\): Incorrect API key provided/);
    expect(JSON.stringify(result)).not.toContain("canary");
    expect(result.capabilities).toBeNull();
  });
});

describe("capabilities of a server that has no files, batches or fine-tuning", () => {
  let upstream: Awaited<ReturnType<typeof fakeUpstream>>;
  beforeAll(async () => {
    upstream = await fakeUpstream({
      "GET /v1/models": MODELS,
      // FastAPI and the like answer a wrong method with 405: the route exists for POST.
      "GET /v1/embeddings": { status: 405, body: { detail: "Method Not Allowed" } },
    });
  });
  afterAll(() => upstream.close());

  test("404s are missing, what cannot be told is unknown, nothing but GETs is sent", async () => {
    const result = await testConnection(target({ baseUrl: upstream.baseUrl }));
    expect(result).toMatchObject({ ok: true, modelCount: 3, models: ["aaa-model", "llama-3.1-8b", "nomic-embed-text"] });
    expect(result.capabilities).toEqual({
      responses: "unknown",
      chatCompletions: "available",
      embeddings: "available",
      files: "missing",
      vectorStores: "missing",
      batches: "missing",
      fineTuning: "missing",
    });
    expect(upstream.seen.every((line) => line.startsWith("GET "))).toBe(true);
    expect(upstream.seen).toEqual(
      expect.arrayContaining([
        "GET /v1/models",
        "GET /v1/files?limit=1",
        "GET /v1/vector_stores?limit=1",
        "GET /v1/batches?limit=1",
        "GET /v1/fine_tuning/jobs?limit=1",
      ]),
    );
  });

  test("OpenAI and Azure have responses, chat and embeddings by definition; Azure's api-version rides along", async () => {
    upstream.seen.length = 0;
    const result = await testConnection(
      targetFor(
        { kind: "azure", baseUrl: upstream.baseUrl, apiKey: "azure-key-1234", azureApiVersion: "2024-10-21" },
        { dispatcher: plain },
      ),
    );
    expect(result.capabilities).toMatchObject({
      responses: "available",
      chatCompletions: "available",
      embeddings: "available",
      files: "missing",
    });
    expect(upstream.seen).toContain("GET /v1/models?api-version=2024-10-21");
  });
});

describe("what an unknown probe keeps", () => {
  let upstream: Awaited<ReturnType<typeof fakeUpstream>>;
  beforeAll(async () => {
    upstream = await fakeUpstream({
      "GET /v1/models": MODELS,
      "GET /v1/files": { status: 500, body: { error: { message: "boom" } } },
      "GET /v1/batches": { status: 200, body: { object: "list", data: [] } },
      "GET /v1/vector_stores": { status: 401, body: { error: { message: "Missing scopes: api.vector_stores.read" } } },
    });
  });
  afterAll(() => upstream.close());

  test("an unknown result keeps what the last test found; a clear answer replaces it", async () => {
    const previous = { ...allCapabilities("missing"), files: "available" as const };
    const result = await testConnection(target({ baseUrl: upstream.baseUrl }), { previous });
    expect(result.capabilities).toMatchObject({ files: "available", vectorStores: "missing", batches: "available", fineTuning: "missing" });
    const fresh = await testConnection(target({ baseUrl: upstream.baseUrl }));
    expect(fresh.capabilities).toMatchObject({ files: "unknown", vectorStores: "unknown", batches: "available" });
  });
});

describe("upstream errors in words, never the raw body", () => {
  const KEY = "sk-proj-canary-probe-key-00000000000000beef";
  let upstream: Awaited<ReturnType<typeof fakeUpstream>>;
  let mode = "";
  beforeAll(async () => {
    upstream = await fakeUpstream({
      "GET /v1/models": () => {
        switch (mode) {
          case "echo":
            return { status: 401, body: { error: { message: `Incorrect API key provided: ${KEY}. See the dashboard.` } } };
          case "429":
            return { status: 429, headers: { "retry-after": "7" }, body: { error: { message: "Rate limit reached for requests" } } };
          case "500":
            return { status: 500, body: "<html><body>Internal error at /srv/app.py line 12</body></html>" };
          case "403":
            return { status: 403, body: { error: "Project proj_x does not have access" } };
          case "not-a-list":
            return { status: 200, body: "<html>Welcome to nginx!</html>" };
          case "echo-model":
            return { status: 200, body: { data: [{ id: `leak-${KEY}` }, { id: "fine" }] } };
          default:
            return { status: 404, body: { detail: "Not Found" } };
        }
      },
    });
  });
  afterAll(() => upstream.close());

  async function errorFor(which: string) {
    mode = which;
    const result = await testConnection(target({ baseUrl: upstream.baseUrl, apiKey: KEY }));
    expect(JSON.stringify(result)).not.toContain("canary");
    return result.error;
  }

  test("an echoed key is masked", async () => {
    expect(await errorFor("echo")).toBe(
      "The upstream refused the API key (401): Incorrect API key provided: sk-proj-…beef. See the dashboard.",
    );
  });

  test("429 says when to retry", async () => {
    expect(await errorFor("429")).toBe(
      "The upstream is limiting requests with this key (429); retry after 7 s: Rate limit reached for requests",
    );
  });

  test("an HTML error page is described by its status only", async () => {
    expect(await errorFor("500")).toBe("The upstream had an error (500)");
  });

  test("403 and 404 say what to check", async () => {
    expect(await errorFor("403")).toMatch(/^The upstream denied access with this key \(403\).*: Project proj_x does not have access$/);
    expect(await errorFor("404")).toMatch(/no model list at this base URL \(404\).*: Not Found$/);
  });

  test("a 200 that is not a model list", async () => {
    expect(await errorFor("not-a-list")).toMatch(/answered 200 but not with a model list/);
  });

  test("a model id carrying the key is not shown", async () => {
    mode = "echo-model";
    const result = await testConnection(target({ baseUrl: upstream.baseUrl, apiKey: KEY }));
    expect(result.models).toEqual(["fine"]);
    expect(result.modelCount).toBe(2);
  });
});

describe("network failures in words", () => {
  test("nothing listening", async () => {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const result = await testConnection(target({ baseUrl: `http://127.0.0.1:${port}/v1` }));
    expect(result.ok).toBe(false);
    expect(result.error).toBe(
      `Nothing answered at 127.0.0.1:${port}: the connection was refused or the network is unreachable. Is the server running, and is the base URL right?`,
    );
  });

  test("a name that does not resolve", async () => {
    const result = await testConnection(target({ baseUrl: "https://upstream.invalid/v1" }));
    expect(result.error).toMatch(/^The upstream's host name could not be resolved: the DNS lookup of upstream\.invalid failed/);
  });

  test("through the guarded dispatcher, loopback is refused before any connection", async () => {
    const result = await testConnection(targetFor({ kind: "compatible", baseUrl: sandbox.baseURL, apiKey: sandbox.apiKey }));
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/127\.0\.0\.1 is not allowed.*loopback/);
  });
});
