import { Readable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { CallAbort } from "@/lib/upstream/call-signal";
import { type DispatchedReply, dispatchCall } from "@/lib/upstream/dispatch";
import { fakeUpstreamForThisFile, loopback } from "./support/upstream";

// One call through undici, as the forwarding core makes it: a small JSON answer with a length is
// handed over read whole (no stream made for it), everything else as a stream.

const ANSWER = JSON.stringify({ id: "chatcmpl-1", object: "chat.completion", usage: { prompt_tokens: 1, completion_tokens: 2 } });
let stalled: (() => void) | undefined;
let upstreamClosed: Promise<void> = Promise.resolve();

const upstream = fakeUpstreamForThisFile((req, res) => {
  const url = req.url ?? "";
  const sized = { "content-type": "application/json; charset=utf-8", "content-length": String(Buffer.byteLength(ANSWER)) };
  if (url === "/sized") res.writeHead(200, sized).end(ANSWER);
  else if (url === "/chunked") {
    res.writeHead(200, { "content-type": "application/json" });
    res.write(ANSWER.slice(0, 10));
    res.end(ANSWER.slice(10));
  } else if (url === "/text") res.writeHead(200, { "content-type": "text/plain", "content-length": "5" }).end("hello");
  else if (url === "/error") res.writeHead(400, sized).end(ANSWER);
  else if (url === "/cut") {
    res.writeHead(200, { "content-type": "application/json", "content-length": "500" });
    res.write('{"id":"chatcmpl-cut"');
    setTimeout(() => res.socket?.destroy(), 20);
  } else if (url === "/stall") {
    res.writeHead(200, { "content-type": "application/json", "content-length": "500" });
    res.write('{"id":"chatcmpl-stall"');
    upstreamClosed = new Promise((resolve) => res.on("close", () => resolve()));
    stalled?.();
  } else res.writeHead(404).end();
});

function call(path: string, wholeJsonUpTo?: number, signal?: CallAbort): Promise<DispatchedReply> {
  const { origin } = new URL(upstream.baseURL);
  return dispatchCall(loopback, { origin, path, method: "GET", body: null }, signal, { wholeJsonUpTo });
}

async function text(body: Readable): Promise<string> {
  let out = "";
  for await (const chunk of body) out += chunk.toString();
  return out;
}

async function failureOf(body: Readable): Promise<unknown> {
  try {
    await text(body);
  } catch (error) {
    return error;
  }
  throw new Error("the body ended without an error");
}

describe("dispatchCall", () => {
  it("hands over a small JSON answer with a length read whole, and makes its stream only when asked", async () => {
    const reply = await call("/sized", 1024);
    expect(reply.status).toBe(200);
    expect(reply.bytes?.toString()).toBe(ANSWER);
    expect(reply.headers["content-length"]).toBe(String(ANSWER.length));
    expect(Object.getOwnPropertyDescriptor(reply, "body")).toBeUndefined();
    expect(await text(reply.body)).toBe(ANSWER);
  });

  it("streams what it may not read whole: no limit, too long, no length, not JSON, an error status", async () => {
    for (const [path, limit] of [
      ["/sized", undefined],
      ["/sized", 10],
      ["/chunked", 1024],
      ["/text", 1024],
      ["/error", 1024],
    ] as const) {
      const reply = await call(path, limit);
      expect(reply.bytes, path).toBeUndefined();
      expect(reply.body, path).toBeInstanceOf(Readable);
      expect(await text(reply.body), path).toBe(path === "/text" ? "hello" : ANSWER);
    }
  });

  it("answers an answer cut off while it was read whole with a body that fails, not with a refused call", async () => {
    const reply = await call("/cut", 1024);
    expect(reply.status).toBe(200);
    expect(reply.bytes).toBeUndefined();
    expect(await failureOf(reply.body)).toBeInstanceOf(Error);
  });

  it("stops the upstream call and fails the body with the abort's reason when the caller goes away", async () => {
    const abort = new CallAbort();
    const started = new Promise<void>((resolve) => {
      stalled = resolve;
    });
    const replying = call("/stall", 1024, abort);
    await started;
    // The headers and the first bytes are in by now: the answer is being collected.
    await sleep(50);
    abort.abort();
    const reply = await replying;
    expect(reply.bytes).toBeUndefined();
    expect(await failureOf(reply.body)).toBe(abort.reason);
    await upstreamClosed;
  });
});
