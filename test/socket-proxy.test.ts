import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { proxyToSocket } from "@/lib/http/socket-proxy";

// The hop from the main thread to Next.js's thread (ADR 0023): a real server on a unix socket
// behind a real front server, as npm start runs them.
describe("proxyToSocket", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "socket-proxy-"));
  const socketPath = path.join(dir, "pages.sock");
  let seen: http.IncomingMessage | undefined;
  let closedEarly = false;
  const backend = http.createServer((req, res) => {
    seen = req;
    if (req.url === "/echo") {
      res.writeHead(201, { "content-type": "application/octet-stream" });
      req.pipe(res);
    } else if (req.url === "/stream") {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write("data: first\n\n");
      res.on("close", () => {
        closedEarly = !res.writableFinished;
      });
    } else {
      res.setHeader("set-cookie", ["a=1; Path=/", "b=2; Path=/"]);
      res.writeHead(200, "Fine", { "content-type": "text/plain", "x-kept": "yes" });
      res.end(`you asked for ${req.url}`);
    }
  });
  const front = http.createServer(proxyToSocket(socketPath));
  let origin = "";

  beforeAll(async () => {
    await new Promise<void>((resolve) => backend.listen(socketPath, resolve));
    await new Promise<void>((resolve) => front.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    front.closeAllConnections();
    backend.closeAllConnections();
    await new Promise((resolve) => front.close(resolve));
    await new Promise((resolve) => backend.close(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("passes the request and the answer on, headers and all, but not the hop's own", async () => {
    const response = await fetch(`${origin}/page?tab=keys`, { headers: { "x-forwarded-for": "10.1.2.3", cookie: "session=s" } });
    expect(response.status).toBe(200);
    expect(response.statusText).toBe("Fine");
    expect(await response.text()).toBe("you asked for /page?tab=keys");
    expect(response.headers.get("x-kept")).toBe("yes");
    expect(response.headers.getSetCookie()).toEqual(["a=1; Path=/", "b=2; Path=/"]);
    expect(seen?.headers).toMatchObject({ "x-forwarded-for": "10.1.2.3", cookie: "session=s", host: new URL(origin).host });
    // The front's connection with its client is not the hop's business.
    expect(seen?.headers.connection).not.toBe("close");
  });

  it("streams a large body both ways", async () => {
    const body = Buffer.alloc(3 * 1024 * 1024, 7);
    const response = await fetch(`${origin}/echo`, { method: "POST", body });
    expect(response.status).toBe(201);
    expect(Buffer.from(await response.arrayBuffer()).equals(body)).toBe(true);
  });

  it("sends what is written at once, and a client that leaves cancels the request behind", async () => {
    const abort = new AbortController();
    const response = await fetch(`${origin}/stream`, { signal: abort.signal });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe("data: first\n\n");
    abort.abort();
    await expect.poll(() => closedEarly).toBe(true);
  });

  it("answers 502 when nothing listens behind", async () => {
    const lonely = http.createServer(proxyToSocket(path.join(dir, "nobody.sock")));
    await new Promise<void>((resolve) => lonely.listen(0, "127.0.0.1", resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(lonely.address() as AddressInfo).port}/`);
      expect(response.status).toBe(502);
      expect(await response.json()).toMatchObject({ error: { code: "internal" } });
    } finally {
      await new Promise((resolve) => lonely.close(resolve));
    }
  });
});
