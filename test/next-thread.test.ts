import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { startNextThread } from "@/lib/server/next-thread";

// How the main thread starts, uses and stops Next.js's thread (ADR 0023), with a stand-in for the
// thread (test/support/fake-next-thread.mjs): the real one needs a production build.
const entry = new URL("./support/fake-next-thread.mjs", import.meta.url);
const options = { hostname: "127.0.0.1", port: 3000 };
const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "next-thread-")), "socket");
process.env.FAKE_NEXT_REPORT = report;

async function through(handle: (req: http.IncomingMessage, res: http.ServerResponse) => void, url: string) {
  const front = http.createServer(handle);
  await new Promise<void>((resolve) => front.listen(0, "127.0.0.1", resolve));
  try {
    const response = await fetch(`http://127.0.0.1:${(front.address() as AddressInfo).port}${url}`);
    return { status: response.status, text: await response.text() };
  } finally {
    front.closeAllConnections();
    await new Promise((resolve) => front.close(resolve));
  }
}

describe("startNextThread", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
    delete process.env.FAKE_NEXT;
  });

  it("starts the thread, sends it pages over its socket, and stops it, leaving no socket behind", async () => {
    const pages = await startNextThread(entry, options);
    expect(await through(pages.handle, "/settings/keys")).toEqual({ status: 200, text: "pages for /settings/keys" });
    const socketDir = path.dirname(fs.readFileSync(report, "utf8"));
    // Only this process's user may reach the pages' socket.
    expect(fs.statSync(socketDir).mode & 0o777).toBe(0o700);
    await pages.stop();
    expect(fs.existsSync(socketDir)).toBe(false);
  });

  it("says why when the thread cannot start", async () => {
    process.env.FAKE_NEXT = "fail";
    const before = fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith("switchboard-")).length;
    await expect(startNextThread(entry, options).then(() => undefined)).rejects.toThrow("Next.js could not start: no build found");
    // Nothing left behind: no socket directory.
    expect(fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith("switchboard-")).length).toBe(before);
  });

  it("stops the process, as a failure, when the thread ends on its own", async () => {
    const kill = vi.spyOn(process, "kill").mockImplementation(() => true);
    process.env.FAKE_NEXT = "die";
    await startNextThread(entry, options);
    await expect.poll(() => kill.mock.calls.length, { timeout: 5000 }).toBe(1);
    expect(kill).toHaveBeenCalledWith(process.pid, "SIGTERM");
    expect(process.exitCode).toBe(1);
  });
});
