import { beforeAll, describe, expect, it } from "vitest";
import { createConsoleProxy } from "@/lib/upstream/console-proxy";
import { makeProject, makeUser } from "./support/fixtures";
import { proxyRequest, sseEvents } from "./support/proxy";
import { sandboxForThisFile, waitFor } from "./support/sandbox-server";
import { connectProject, loopback, usageCollector } from "./support/upstream";

// The console proxy against the standalone sandbox: what the caller sees and the one usage event
// each call leaves, for each way a call can end.

const sandbox = sandboxForThisFile();
const usage = usageCollector();
const proxy = createConsoleProxy({ dispatcher: loopback, recordUsage: usage.record, retryDelaysMs: [5, 5] });

let owner: { id: string };
let viewer: { id: string };
let member: { id: string };
let outsider: { id: string };
let projectId: string;

beforeAll(async () => {
  owner = await makeUser("owner");
  viewer = await makeUser();
  member = await makeUser();
  outsider = await makeUser();
  const project = await makeProject("Proxy", [
    { userId: viewer.id, role: "viewer" },
    { userId: member.id, role: "member" },
  ]);
  projectId = project.id;
  await connectProject(projectId, sandbox.baseURL, sandbox.apiKey);
});

function lastEvent() {
  return usage.events.at(-1);
}

async function settled() {
  // The usage event is written when the body has gone by; give the pipeline's callback its turn.
  await new Promise((resolve) => setImmediate(resolve));
}

describe("console proxy", () => {
  it("forwards a response and records its usage once", async () => {
    const before = usage.events.length;
    const response = await proxyRequest(proxy, projectId, "/responses", {
      as: member,
      body: { model: "sandbox-chat", input: "Say hello to the proxy" },
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.object).toBe("response");
    await settled();
    expect(usage.events.length).toBe(before + 1);
    expect(lastEvent()).toMatchObject({
      projectId,
      userId: member.id,
      source: "console",
      endpoint: "/responses",
      model: body.model,
      status: 200,
      outcome: "completed",
      inputTokens: body.usage.input_tokens,
      outputTokens: body.usage.output_tokens,
      usageReported: true,
    });
    expect(response.headers.get("x-request-id")).toBeTruthy();
    expect(lastEvent()?.upstreamRequestId).toBe(response.headers.get("x-request-id"));
  });

  it("streams a response with the upstream's events in order and reads usage from response.completed", async () => {
    const response = await proxyRequest(proxy, projectId, "/responses", {
      as: member,
      body: { model: "sandbox-chat", input: "Stream three words", stream: true },
    });
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const events = sseEvents(await response.text());
    expect(events[0].type).toBe("response.created");
    expect(events.at(-1)?.type).toBe("response.completed");
    const completed = events.at(-1) as { response: { usage: { input_tokens: number; output_tokens: number } } };
    await settled();
    expect(lastEvent()).toMatchObject({
      outcome: "completed",
      inputTokens: completed.response.usage.input_tokens,
      outputTokens: completed.response.usage.output_tokens,
    });
    expect(lastEvent()?.ttftMs).not.toBeNull();
  });

  it("asks a chat stream for usage and keeps that extra chunk from a caller who did not", async () => {
    const response = await proxyRequest(proxy, projectId, "/chat/completions", {
      as: member,
      body: { model: "sandbox-chat", messages: [{ role: "user", content: "Count to three" }], stream: true },
    });
    const text = await response.text();
    expect(text.trim().endsWith("data: [DONE]")).toBe(true);
    const chunks = sseEvents(text);
    expect(chunks.some((chunk) => Array.isArray(chunk.choices) && chunk.choices.length === 0)).toBe(false);
    await settled();
    expect(lastEvent()?.outcome).toBe("completed");
    expect(lastEvent()?.outputTokens).toBeGreaterThan(0);
  });

  it("passes the usage chunk to a caller who asked for it", async () => {
    const response = await proxyRequest(proxy, projectId, "/chat/completions", {
      as: member,
      body: {
        model: "sandbox-chat",
        messages: [{ role: "user", content: "Count to three" }],
        stream: true,
        stream_options: { include_usage: true },
      },
    });
    const chunks = sseEvents(await response.text());
    const usageChunk = chunks.find((chunk) => Array.isArray(chunk.choices) && chunk.choices.length === 0);
    expect(usageChunk?.usage).toBeTruthy();
    await settled();
    expect(lastEvent()?.outputTokens).toBe((usageChunk?.usage as { completion_tokens?: number } | undefined)?.completion_tokens);
  });

  it("records embeddings usage", async () => {
    const response = await proxyRequest(proxy, projectId, "/embeddings", {
      as: member,
      body: { model: "sandbox-embed-small", input: "vectors please" },
    });
    const body = await response.json();
    await settled();
    expect(lastEvent()).toMatchObject({ endpoint: "/embeddings", outcome: "completed", inputTokens: body.usage.prompt_tokens });
  });

  it("passes an upstream 429 on with retry-after and the rate-limit headers", async () => {
    const response = await proxyRequest(proxy, projectId, "/responses", {
      as: member,
      body: { model: "sandbox-chat", input: "hi" },
      headers: { "x-sandbox-fault": "429" },
    });
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("2");
    expect(response.headers.get("x-ratelimit-remaining-requests")).toBe("0");
    const body = await response.json();
    expect(body.error).toMatchObject({ code: "rate_limit_exceeded", type: "requests" });
    expect(body.error.message).toMatch(/try again in 2s/);
    await settled();
    expect(lastEvent()).toMatchObject({ outcome: "upstream_error", status: 429, usageReported: false });
  });

  it("passes an upstream 500 on in OpenAI's shape", async () => {
    const response = await proxyRequest(proxy, projectId, "/models", { as: viewer, headers: { "x-sandbox-fault": "500" } });
    expect(response.status).toBe(500);
    expect((await response.json()).error.message).toMatch(/server had an error/);
  });

  it("records a stream cut in the middle as incomplete, once", async () => {
    const before = usage.events.length;
    const response = await proxyRequest(proxy, projectId, "/responses", {
      as: member,
      body: { model: "sandbox-chat", input: "A long answer that will be cut in the middle, please", stream: true },
      headers: { "x-sandbox-fault": "cut-stream" },
    });
    await expect(response.text()).rejects.toThrow();
    await usage.recordedAfter(before);
    expect(usage.events.length).toBe(before + 1);
    expect(lastEvent()).toMatchObject({ outcome: "incomplete", usageReported: false });
  });

  it("passes on the upstream's answer to invalid input", async () => {
    const response = await proxyRequest(proxy, projectId, "/responses", { as: member, body: { model: "sandbox-chat" } });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error.type).toBe("invalid_request_error");
    expect(body.error.message).toBeTruthy();
  });
});

describe("console proxy roles", () => {
  it("lets viewers read and refuses them anything else", async () => {
    expect((await proxyRequest(proxy, projectId, "/models", { as: viewer })).status).toBe(200);
    const post = await proxyRequest(proxy, projectId, "/responses", { as: viewer, body: { model: "sandbox-chat", input: "x" } });
    expect(post.status).toBe(403);
    expect((await post.json()).error.message).toMatch(/member role/);
    const del = await proxyRequest(proxy, projectId, "/files/file-1", { as: viewer, method: "DELETE" });
    expect(del.status).toBe(403);
  });

  it("lets members and admins create and delete", async () => {
    for (const who of [member, owner]) {
      const created = await proxyRequest(proxy, projectId, "/vector_stores", { as: who, body: { name: "kb" } });
      expect(created.status).toBe(200);
      const { id } = await created.json();
      const deleted = await proxyRequest(proxy, projectId, `/vector_stores/${id}`, { as: who, method: "DELETE" });
      expect(deleted.status).toBe(200);
    }
  });

  it("hides the project from people outside it and asks the signed-out to sign in", async () => {
    const outside = await proxyRequest(proxy, projectId, "/models", { as: outsider });
    expect(outside.status).toBe(404);
    const anonymous = await proxyRequest(proxy, projectId, "/models");
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).error).toMatchObject({ message: "Sign in to continue", type: "invalid_request_error" });
  });

  it("refuses a changing call from another site", async () => {
    const response = await proxyRequest(proxy, projectId, "/responses", {
      as: member,
      body: { model: "sandbox-chat", input: "x" },
      headers: { origin: "https://evil.example" },
    });
    expect(response.status).toBe(403);
  });

  it("refuses the organization admin API and paths that are not API paths", async () => {
    expect((await proxyRequest(proxy, projectId, "/organization/projects", { as: owner })).status).toBe(403);
    expect((await proxyRequest(proxy, projectId, "/files/%2e%2e/x//y", { as: owner })).status).toBe(400);
  });
});

describe("usage events in the database", () => {
  it("writes one priced row per call through the outbox, for a success and for a failure", async () => {
    const { flushUsageEvents } = await import("@/lib/usage/record");
    const { db } = await import("@/lib/db/client");
    const recording = createConsoleProxy({ dispatcher: loopback });
    const ok = await proxyRequest(recording, projectId, "/responses", { as: member, body: { model: "sandbox-chat", input: "Price me" } });
    const body = await ok.json();
    const failed = await proxyRequest(recording, projectId, "/responses", {
      as: member,
      body: { model: "sandbox-chat", input: "x" },
      headers: { "x-sandbox-fault": "500" },
    });
    await failed.text();
    await settled();
    await flushUsageEvents();
    const rows = await (await db()).usageEvent.findMany({ where: { projectId, userId: member.id }, orderBy: { startedAt: "asc" } });
    const mine = rows.filter((row) => row.endpoint === "/responses" && row.source === "console");
    const success = mine.find((row) => row.upstreamRequestId === ok.headers.get("x-request-id"));
    expect(success).toMatchObject({
      outcome: "completed",
      inputTokens: body.usage.input_tokens,
      outputTokens: body.usage.output_tokens,
      priced: true,
    });
    expect(success?.costNanoUsd).toBeGreaterThan(0n);
    // Every other test here records into a collector: these two calls are the table's only rows.
    expect(rows.length).toBe(2);
    expect(mine.filter((row) => row.outcome === "upstream_error" && row.status === 500).length).toBe(1);
  });
});

describe("who created what", () => {
  it("remembers who created a file or vector store through the console, and answers it per id", async () => {
    const { GET } = await import("@/app/api/projects/[projectId]/created-objects/route");
    const { call } = await import("./support/http");
    const created = await proxyRequest(proxy, projectId, "/vector_stores", { as: member, body: { name: "made here" } });
    const store = await created.json();
    const createdObjects = (ids: string) =>
      call(GET, { as: viewer, params: { projectId }, path: `/api/projects/${projectId}/created-objects?ids=${ids}` });
    // Recorded after the answer has gone out.
    const recorded = async (id: string) => (await createdObjects(id)).body.objects?.length === 1;
    await waitFor(() => recorded(store.id), "the vector store's creator to be recorded");
    const answer = await createdObjects(`${store.id},vs_made_elsewhere`);
    expect(answer.status).toBe(200);
    expect(answer.body.objects).toEqual([
      expect.objectContaining({ objectId: store.id, objectType: "vector_store", createdBy: { id: member.id, name: expect.any(String) } }),
    ]);
    // A file assembled through the Uploads API is the completed upload's file.
    const upload = await (
      await proxyRequest(proxy, projectId, "/uploads", {
        as: member,
        body: { filename: "parts.txt", purpose: "assistants", bytes: 1, mime_type: "text/plain" },
      })
    ).json();
    const form = new FormData();
    form.append("data", new Blob(["x"]), "part");
    const part = await (await proxyRequest(proxy, projectId, `/uploads/${upload.id}/parts`, { as: member, body: form })).json();
    const completed = await (
      await proxyRequest(proxy, projectId, `/uploads/${upload.id}/complete`, { as: member, body: { part_ids: [part.id] } })
    ).json();
    await waitFor(() => recorded(completed.file.id), "the uploaded file's creator to be recorded");
    const fileAnswer = await createdObjects(completed.file.id);
    expect(fileAnswer.body.objects).toEqual([expect.objectContaining({ objectId: completed.file.id, objectType: "file" })]);
    const bad = await call(GET, { as: viewer, params: { projectId }, path: `/api/projects/${projectId}/created-objects` });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/ids/);
  });
});
