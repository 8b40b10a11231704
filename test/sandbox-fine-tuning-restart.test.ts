import { type ChildProcess, spawn } from "node:child_process";
import OpenAI from "openai";
import { afterAll, describe, expect, test } from "vitest";
import { closeDatabase } from "@/lib/db/client";
import { databaseKindUnderTest } from "./support/database";
import { allEvents, chatExamples, metricSteps, uploadTraining } from "./support/fine-tuning";
import { waitFor } from "./support/sandbox-server";

// A training run survives its process being killed: the sandbox runs in a child process
// (`npm run sandbox`), is killed with SIGKILL in the middle of a job, and started again on the same
// database. The job finishes with every step written exactly once and nothing written before the
// kill lost.

// The child owns the database: on PGlite it opens the on-disk one in this file's data directory
// (the test process never opens it); on PostgreSQL it uses this file's database.
await closeDatabase();
if (databaseKindUnderTest() === "pglite") delete process.env.DATABASE_URL;

const API_KEY = "sk-sandbox-restart-test-0123456789abcdef";
const children = new Set<ChildProcess>();

async function startSandbox(): Promise<{ child: ChildProcess; client: OpenAI }> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "--import", "./scripts/server-only-hook.mjs", "scripts/sandbox.ts", "--port", "0"],
    {
      env: {
        ...process.env,
        SANDBOX_API_KEY: API_KEY,
        // Slow enough that the kill lands mid-run (21 steps after the 15th seen) on a loaded machine.
        SANDBOX_FINE_TUNING_STEP_MS: "100",
        SANDBOX_FINE_TUNING_LEASE_SECONDS: "2",
        SANDBOX_WORKER_POLL_MS: "10",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  children.add(child);
  child.on("exit", () => children.delete(child));
  const baseURL = await new Promise<string>((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`the sandbox did not start:\n${output}`)), 90_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/Sandbox upstream on (http:\/\/\S+\/v1)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on("data", read);
    child.stderr?.on("data", read);
    child.on("exit", (code) => reject(new Error(`the sandbox exited with ${code}:\n${output}`)));
  });
  return { child, client: new OpenAI({ baseURL, apiKey: API_KEY, maxRetries: 0, timeout: 30_000 }) };
}

function kill(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill(signal);
  });
}

afterAll(async () => {
  for (const child of children) await kill(child, "SIGKILL");
});

describe("a fine-tuning job across a killed process", () => {
  test("resumes at the step it reached: every step once, checkpoints once, nothing lost", { timeout: 240_000 }, async () => {
    const first = await startSandbox();
    const trainingFile = await uploadTraining(first.client, chatExamples(12));
    const validationFile = await uploadTraining(first.client, chatExamples(4), "valid.jsonl");
    const job = await first.client.fineTuning.jobs.create({
      model: "sandbox-chat",
      training_file: trainingFile,
      validation_file: validationFile,
      hyperparameters: { n_epochs: 3 },
    });
    await waitFor(async () => (await metricSteps(first.client, job.id)).length >= 15, "fifteen steps", 60_000);
    const before = await allEvents(first.client, job.id);
    await kill(first.child, "SIGKILL");

    const second = await startSandbox();
    const reached = await metricSteps(second.client, job.id);
    expect(reached.length).toBeGreaterThanOrEqual(15);
    expect(reached).toEqual(Array.from({ length: reached.length }, (_, i) => i + 1));
    // Killed in the middle: the run was not over.
    expect(reached.length).toBeLessThan(36);

    await waitFor(async () => (await second.client.fineTuning.jobs.retrieve(job.id)).status === "succeeded", "the job to succeed", 120_000);
    const events = await allEvents(second.client, job.id);
    const steps = events.filter((e) => e.type === "metrics").map((e) => (e.data as { step: number }).step);
    expect(steps).toEqual(Array.from({ length: 36 }, (_, i) => i + 1));
    // Every event written before the kill is still there, in its place.
    expect(events.slice(0, before.length).map((e) => e.id)).toEqual(before.map((e) => e.id));
    const count = (message: string) => events.filter((e) => e.message === message).length;
    expect(count("Files validated, moving job to queued state")).toBe(1);
    expect(count("Fine-tuning job started")).toBe(1);
    expect(count("The job has successfully completed")).toBe(1);
    const checkpoints = await second.client.fineTuning.jobs.checkpoints.list(job.id);
    expect(checkpoints.data.map((c) => c.step_number)).toEqual([36, 24, 12]);
    const finished = await second.client.fineTuning.jobs.retrieve(job.id);
    const csv = await (await second.client.files.content(finished.result_files[0])).text();
    expect(csv.trim().split("\n")).toHaveLength(37);
    const answer = await second.client.responses.create({ model: finished.fine_tuned_model as string, input: "hello" });
    expect(answer.output_text).toContain(`I am ${finished.fine_tuned_model}`);
    await kill(second.child, "SIGTERM");
  });
});
