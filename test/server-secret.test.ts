import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, test, vi } from "vitest";

// serverSecret caches its answer, so each case loads a fresh copy of the module.
async function freshSecret() {
  vi.resetModules();
  return (await import("@/lib/crypto/server-secret")).serverSecret;
}

afterEach(() => {
  delete process.env.SWITCHBOARD_SECRET;
});

describe("server secret", () => {
  test("is generated once into the data directory with mode 0600, then reused", async () => {
    const file = path.join(process.env.SWITCHBOARD_DATA_DIR as string, "secret");
    fs.rmSync(file, { force: true });
    const first = (await freshSecret())();
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect((await freshSecret())()).toBe(first);
  });

  test("SWITCHBOARD_SECRET wins, and a short one is refused", async () => {
    process.env.SWITCHBOARD_SECRET = "s".repeat(40);
    expect((await freshSecret())()).toBe("s".repeat(40));
    process.env.SWITCHBOARD_SECRET = "short";
    expect(await freshSecret()).toThrow(/at least 32 characters/);
  });
});
