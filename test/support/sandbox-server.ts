import http from "node:http";
import type { AddressInfo } from "node:net";
import OpenAI from "openai";
import { afterAll, beforeAll, expect } from "vitest";
import { serveWithHandler } from "@/lib/http/node-adapter";
import { sandboxHandler } from "@/lib/sandbox/handler";
import { expectSchema } from "./openapi";

/** The sandbox served on a free loopback port in this test process, as `npm run sandbox` serves it. */
export async function startSandboxServer(
  apiKey = "sk-sandbox-test-key-0123456789abcdef",
): Promise<{ baseURL: string; apiKey: string; client: OpenAI; close(): Promise<void> }> {
  process.env.SANDBOX_API_KEY = apiKey;
  const server = http.createServer((req, res) => {
    serveWithHandler(req, res, sandboxHandler).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return {
    baseURL,
    apiKey,
    client: new OpenAI({ baseURL, apiKey, maxRetries: 0, timeout: 30_000 }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type SandboxServer = Awaited<ReturnType<typeof startSandboxServer>>;

/** The sandbox for this test file: started before its tests, stopped after; the handle fills in then. */
export function sandboxForThisFile(apiKey?: string): SandboxServer {
  const handle = {} as SandboxServer;
  beforeAll(async () => {
    Object.assign(handle, await startSandboxServer(apiKey));
  });
  afterAll(async () => {
    await handle.close();
  });
  return handle;
}

/** The OpenAI-shaped error a call through the official client failed with, checked against the spec. */
export async function failure(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e) => e,
  );
  expect(error).toBeInstanceOf(OpenAI.APIError);
  expectSchema("ErrorResponse", { error: error.error });
  return {
    status: error.status as number,
    ...(error.error as { message: string; type: string; param: string | null; code: string | null }),
  };
}

/** A raw error body: OpenAI's shape, checked against the spec, with the expected type, param and code. */
export function expectError(body: unknown, expected: { type?: string; param: string | null; code?: string | null; message?: RegExp }) {
  expectSchema("ErrorResponse", body);
  const error = (body as { error: { type: string; param: string | null; code: string | null; message: string } }).error;
  expect(error.type).toBe(expected.type ?? "invalid_request_error");
  expect(error.param).toBe(expected.param);
  if (expected.code !== undefined) expect(error.code).toBe(expected.code);
  if (expected.message) expect(error.message).toMatch(expected.message);
}

/** Polls until a condition holds (background work, a request still streaming), failing after a while. */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
