import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import OpenAI, { toFile } from "openai";
import { afterAll, describe, expect, test } from "vitest";

// A batch survives its process being killed in the middle: the sandbox runs alone in a child
// process (`npm run sandbox`) on an embedded database in its own data directory, is killed with
// SIGKILL while the batch runs, and is started again on the same directory. The batch then
// finishes; every line is in the output exactly once, and the lines recorded before the kill
// were not run again (their answers keep the ids they had).

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-batch-restart-"));
const apiKey = "sk-sandbox-restart-test-0123456789";
let child: ChildProcess | undefined;

afterAll(() => {
  child?.kill("SIGKILL");
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function startSandbox(): Promise<{ process: ChildProcess; baseURL: string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SWITCHBOARD_DATA_DIR: dataDir,
    SANDBOX_API_KEY: apiKey,
    // Slow enough that the kill lands mid-run (15 lines after the 5th seen) on a loaded machine.
    SANDBOX_BATCH_LINE_DELAY_MS: "200",
    SANDBOX_BATCH_LEASE_SECONDS: "2",
    SANDBOX_WORKER_POLL_MS: "50",
  };
  delete env.DATABASE_URL;
  const started = spawn(
    process.execPath,
    ["--import", "tsx", "--import", "./scripts/server-only-hook.mjs", "scripts/sandbox.ts", "--port", "0"],
    {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const baseURL = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`the sandbox did not start: ${out}`)), 60_000);
    const read = (chunk: Buffer) => {
      out += chunk.toString();
      const found = out.match(/Sandbox upstream on (http:\/\/\S+\/v1)/);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    };
    started.stdout?.on("data", read);
    started.stderr?.on("data", read);
    started.on("exit", (code) => reject(new Error(`the sandbox exited (${code}): ${out}`)));
  });
  return { process: started, baseURL };
}

async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("a batch across a restart", () => {
  test("the killed process's batch finishes after a restart, nothing run twice, nothing lost", { timeout: 180_000 }, async () => {
    const first = await startSandbox();
    child = first.process;
    let client = new OpenAI({ baseURL: first.baseURL, apiKey, maxRetries: 0 });
    const customIds = Array.from({ length: 20 }, (_, i) => `line-${i + 1}`);
    const text = customIds
      .map((id) =>
        JSON.stringify({
          custom_id: id,
          method: "POST",
          url: "/v1/chat/completions",
          body: { model: "sandbox-chat", messages: [{ role: "user", content: id }] },
        }),
      )
      .join("\n");
    const file = await client.files.create({ file: await toFile(Buffer.from(text), "restart.jsonl"), purpose: "batch" });
    const batch = await client.batches.create({ input_file_id: file.id, endpoint: "/v1/chat/completions", completion_window: "24h" });
    await until(
      "a few lines done",
      () => client.batches.retrieve(batch.id),
      (b) => b.request_counts?.completed !== undefined && b.request_counts.completed >= 5,
    );

    child.kill("SIGKILL");
    await new Promise((resolve) => child?.once("exit", resolve));

    // What the killed process had recorded, read from its database while nothing runs.
    const database = new PGlite(path.join(dataDir, "pglite"));
    const before = (
      await database.query<{ customId: string; result: { response: { body: { id: string } } } }>(
        `SELECT "customId", "result" FROM "SandboxBatchLine" WHERE "batchId" = $1`,
        [batch.id],
      )
    ).rows;
    await database.close();
    expect(before.length).toBeGreaterThanOrEqual(5);
    expect(before.length).toBeLessThan(20);

    const second = await startSandbox();
    child = second.process;
    client = new OpenAI({ baseURL: second.baseURL, apiKey, maxRetries: 0 });
    const done = await until(
      "the batch to complete",
      () => client.batches.retrieve(batch.id),
      (b) => b.status === "completed",
    );
    expect(done.request_counts).toEqual({ total: 20, completed: 20, failed: 0 });
    expect(done.error_file_id).toBeUndefined();

    const output = (await (await client.files.content(done.output_file_id ?? "")).text())
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { custom_id: string; response: { body: { id: string } } });
    expect(output.map((line) => line.custom_id)).toEqual(customIds);
    const answered = new Map(output.map((line) => [line.custom_id, line.response.body.id]));
    for (const line of before) expect(answered.get(line.customId)).toBe(line.result.response.body.id);

    child.kill("SIGTERM");
    await new Promise((resolve) => child?.once("exit", resolve));
    child = undefined;
  });
});
