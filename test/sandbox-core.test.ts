import OpenAI from "openai";
import { describe, expect, test } from "vitest";
import { sandboxHandler } from "@/lib/sandbox/handler";
import { expectSchema, skipWithoutSpec } from "./support/openapi";
import { sandboxForThisFile } from "./support/sandbox-server";

const sandbox = sandboxForThisFile();

describe.skipIf(skipWithoutSpec)("sandbox core", () => {
  test("lists and retrieves its models through the official client", async () => {
    const page = await sandbox.client.models.list();
    const ids = page.data.map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(["sandbox-chat", "sandbox-reasoning", "sandbox-embed-small"]));
    expectSchema("ListModelsResponse", { object: "list", data: page.data });
    const model = await sandbox.client.models.retrieve("sandbox-chat");
    expectSchema("Model", model);
  });

  test("an unknown model is a 404 model_not_found", async () => {
    const error = await sandbox.client.models.retrieve("gpt-nope").catch((e) => e);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(error.code).toBe("model_not_found");
    expectSchema("ErrorResponse", { error: error.error });
  });

  test("a missing or wrong key is OpenAI's 401 invalid_api_key, without echoing the key", async () => {
    const wrong = new OpenAI({ baseURL: sandbox.baseURL, apiKey: "sk-sandbox-wrong-key-abcdefghijkl", maxRetries: 0 });
    const error = await wrong.models.list().catch((e) => e);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(error.code).toBe("invalid_api_key");
    expect(error.message).not.toContain("wrong-key-abcdefghijkl");
    const bare = await fetch(`${sandbox.baseURL}/models`);
    expect(bare.status).toBe(401);
    expectSchema("ErrorResponse", await bare.json());
  });

  test("every answer carries x-request-id and the rate-limit headers", async () => {
    const response = await fetch(`${sandbox.baseURL}/models`, { headers: { authorization: `Bearer ${sandbox.apiKey}` } });
    expect(response.headers.get("x-request-id")).toMatch(/^req_[0-9a-f]{32}$/);
    expect(response.headers.get("x-ratelimit-remaining-requests")).toMatch(/^\d+$/);
    expect(response.headers.get("x-ratelimit-reset-tokens")).toBeTruthy();
  });

  test("faults on request: 429 with retry-after, 500, and a hang that ends when the client gives up", async () => {
    const auth = { authorization: `Bearer ${sandbox.apiKey}` };
    const limited = await fetch(`${sandbox.baseURL}/models`, { headers: { ...auth, "x-sandbox-fault": "429" } });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("2");
    expect((await limited.json()).error.code).toBe("rate_limit_exceeded");
    const broken = await fetch(`${sandbox.baseURL}/models`, { headers: { ...auth, "x-sandbox-fault": "500" } });
    expect(broken.status).toBe(500);
    expect((await broken.json()).error.type).toBe("server_error");
    const started = Date.now();
    const hung = await fetch(`${sandbox.baseURL}/models`, {
      headers: { ...auth, "x-sandbox-fault": "timeout" },
      signal: AbortSignal.timeout(300),
    }).catch((e) => e);
    expect(hung).toBeInstanceOf(Error);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test("a hang asked for by a caller that has already gone ends at once", async () => {
    // The caller can go while its body is still being read, before the hang has begun: the hang
    // must see that, or the call (and a gateway key's reservation for it) waits ten minutes.
    const gone = new AbortController();
    gone.abort();
    const request = new Request(`${sandbox.baseURL}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${sandbox.apiKey}`, "content-type": "application/json", "x-sandbox-fault": "timeout" },
      body: JSON.stringify({ model: "sandbox-chat", messages: [{ role: "user", content: "hang" }] }),
      signal: gone.signal,
    });
    const stillWaiting = new Promise<"still waiting">((resolve) => setTimeout(() => resolve("still waiting"), 2000).unref());
    const answer = await Promise.race([sandboxHandler(request), stillWaiting]);
    expect(answer).toBeInstanceOf(Response);
    expect((answer as Response).status).toBe(504);
  });

  test("an unknown path and a malformed JSON body answer as the real API does", async () => {
    const auth = { authorization: `Bearer ${sandbox.apiKey}` };
    const unknown = await fetch(`${sandbox.baseURL}/nothing-here`, { headers: auth });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.message).toBe("Invalid URL (GET /v1/nothing-here)");
  });
});

describe.skipIf(skipWithoutSpec)("the contract validator", () => {
  test("accepts null where the spec says nullable, including nullable enums, and still rejects wrong values", async () => {
    const { schemaErrors } = await import("./support/openapi");
    const chunk = (finishReason: unknown) => ({
      id: "chatcmpl-1",
      object: "chat.completion.chunk",
      created: 1,
      model: "sandbox-chat",
      choices: [{ index: 0, delta: { content: "hi" }, finish_reason: finishReason }],
    });
    expect(schemaErrors("CreateChatCompletionStreamResponse", chunk(null))).toEqual([]);
    expect(schemaErrors("CreateChatCompletionStreamResponse", chunk("stop"))).toEqual([]);
    expect(schemaErrors("CreateChatCompletionStreamResponse", chunk("bogus"))).not.toEqual([]);
  });
});

describe.skipIf(skipWithoutSpec)("the contract validator on nullable references", () => {
  test("accepts null for `allOf: [$ref, {nullable: true}]` (Upload.file) and still checks the reference", async () => {
    const { schemaErrors } = await import("./support/openapi");
    const upload = (file: unknown) => ({
      id: "upload_1",
      object: "upload",
      bytes: 1,
      created_at: 1,
      filename: "a.txt",
      purpose: "user_data",
      status: "pending",
      expires_at: 2,
      file,
    });
    expect(schemaErrors("Upload", upload(null))).toEqual([]);
    expect(schemaErrors("Upload", upload({ nonsense: true }))).not.toEqual([]);
  });
});
