import OpenAI from "openai";
import { beforeAll, describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { issueSandboxKey } from "@/lib/sandbox/auth";
import { advanceClaimed, claimDueJob } from "@/lib/sandbox/fine-tuning/run";
import { drainSandboxWorkers } from "@/lib/sandbox/workers";
import {
  allEvents,
  chatExamples,
  metricSteps,
  preferenceExamples,
  reinforcementExamples,
  STRING_CHECK_GRADER,
  uploadTraining,
} from "./support/fine-tuning";
import { expectSchema, skipWithoutSpec } from "./support/openapi";
import { failure, sandboxForThisFile } from "./support/sandbox-server";

// Fine-tuning jobs in the sandbox: the request and file checks, a run from validation to a served
// `ft:` model, cancel, pause and resume, and each project seeing only its own jobs and models.

process.env.SANDBOX_FINE_TUNING_STEP_MS = "0";

const sandbox = sandboxForThisFile();
let other: OpenAI;

beforeAll(async () => {
  other = new OpenAI({ baseURL: sandbox.baseURL, apiKey: await issueSandboxKey("other", "proj-other"), maxRetries: 0 });
});

async function runJob(params: Parameters<OpenAI["fineTuning"]["jobs"]["create"]>[0]) {
  const job = await sandbox.client.fineTuning.jobs.create(params);
  await drainSandboxWorkers();
  return sandbox.client.fineTuning.jobs.retrieve(job.id);
}

describe.skipIf(skipWithoutSpec)("fine-tuning jobs", () => {
  test("a supervised job validates, trains in steps with metrics and a checkpoint per epoch, and its model answers", async () => {
    const trainingFile = await uploadTraining(sandbox.client, chatExamples(12));
    const validationFile = await uploadTraining(sandbox.client, chatExamples(4), "valid.jsonl");
    const created = await sandbox.client.fineTuning.jobs.create({
      model: "sandbox-chat-mini",
      training_file: trainingFile,
      validation_file: validationFile,
      suffix: "tiny",
      seed: 7,
      metadata: { team: "search" },
      method: { type: "supervised", supervised: { hyperparameters: { n_epochs: 2 } } },
    });
    expectSchema("FineTuningJob", created);
    expect(created).toMatchObject({ status: "validating_files", model: "sandbox-chat-mini", fine_tuned_model: null, seed: 7 });
    expect(created.id).toMatch(/^ftjob-/);
    expect(created.method?.supervised?.hyperparameters).toMatchObject({ n_epochs: 2, batch_size: "auto" });

    await drainSandboxWorkers();
    const job = await sandbox.client.fineTuning.jobs.retrieve(created.id);
    expectSchema("FineTuningJob", job);
    expect(job.status).toBe("succeeded");
    expect(job.fine_tuned_model).toMatch(/^ft:sandbox-chat-mini:sandbox:tiny:[A-Za-z0-9]{8}$/);
    expect(job.hyperparameters).toEqual({ n_epochs: 2, batch_size: 1, learning_rate_multiplier: 1.8 });
    expect(job.trained_tokens).toBeGreaterThan(0);
    expect(job.finished_at).toBeGreaterThanOrEqual(job.created_at);

    const events = await allEvents(sandbox.client, job.id);
    for (const event of events) expectSchema("FineTuningJobEvent", event);
    expect(events[0].message).toBe(`Created fine-tuning job: ${job.id}`);
    expect(events.at(-1)?.message).toBe("The job has successfully completed");
    const metrics = events.filter((e) => e.type === "metrics").map((e) => e.data as Record<string, number>);
    expect(metrics.map((m) => m.step)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    expect(metrics[0]).toMatchObject({ total_steps: 24 });
    expect(metrics.every((m) => m.valid_loss > 0 && m.train_mean_token_accuracy > 0 && m.train_mean_token_accuracy < 1)).toBe(true);
    // A plausible curve: the loss falls and the accuracy rises over the run.
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean(metrics.slice(-5).map((m) => m.train_loss))).toBeLessThan(mean(metrics.slice(0, 5).map((m) => m.train_loss)) / 2);
    expect(mean(metrics.slice(-5).map((m) => m.train_mean_token_accuracy))).toBeGreaterThan(
      mean(metrics.slice(0, 5).map((m) => m.train_mean_token_accuracy)),
    );

    const checkpoints = await sandbox.client.fineTuning.jobs.checkpoints.list(job.id);
    expectSchema("ListFineTuningJobCheckpointsResponse", { object: "list", data: checkpoints.data, has_more: checkpoints.has_more });
    expect(checkpoints.data.map((c) => c.step_number)).toEqual([24, 12]);
    for (const checkpoint of checkpoints.data) {
      expectSchema("FineTuningJobCheckpoint", checkpoint);
      expect(checkpoint.id).toMatch(/^ftckpt_/);
      expect(checkpoint.fine_tuned_model_checkpoint).toBe(`${job.fine_tuned_model}:ckpt-step-${checkpoint.step_number}`);
      expect(checkpoint.metrics.full_valid_loss).toBeGreaterThan(0);
    }

    const [resultId] = job.result_files;
    const result = await sandbox.client.files.retrieve(resultId);
    expect(result).toMatchObject({ purpose: "fine-tune-results", filename: "step_metrics.csv" });
    const csv = (await (await sandbox.client.files.content(resultId)).text()).trim().split("\n");
    expect(csv[0]).toBe("step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy");
    expect(csv).toHaveLength(25);
    expect(csv[1].split(",")[1]).toBe(String(metrics[0].train_loss));

    const model = job.fine_tuned_model as string;
    const listed = await sandbox.client.models.list();
    expect(listed.data.map((m) => m.id)).toContain(model);
    expect(await sandbox.client.models.retrieve(model)).toMatchObject({ id: model, owned_by: "org-sandbox" });
    const answer = await sandbox.client.responses.create({ model, input: "Tell me about tides" });
    expect(answer.model).toBe(model);
    expect(answer.output_text).toContain(`I am ${model}`);
    const chat = await sandbox.client.chat.completions.create({ model, messages: [{ role: "user", content: "Hello" }] });
    expect(chat.choices[0].message.content).toContain(`I am ${model}`);
    // A checkpoint is a model too.
    const checkpointModel = checkpoints.data[1].fine_tuned_model_checkpoint;
    const early = await sandbox.client.chat.completions.create({ model: checkpointModel, messages: [{ role: "user", content: "Hi" }] });
    expect(early.model).toBe(checkpointModel);

    const listedJobs = await sandbox.client.fineTuning.jobs.list({ metadata: { team: "search" } });
    expect(listedJobs.data.map((j) => j.id)).toEqual([job.id]);
    expectSchema("ListPaginatedFineTuningJobsResponse", { object: "list", data: listedJobs.data, has_more: listedJobs.has_more });
  });

  test("the same file and seed give the same curve", async () => {
    const trainingFile = await uploadTraining(sandbox.client, chatExamples(10));
    const params = { model: "sandbox-chat", training_file: trainingFile, seed: 42 };
    const first = await runJob(params);
    const second = await runJob(params);
    const losses = async (id: string) =>
      (await allEvents(sandbox.client, id)).filter((e) => e.type === "metrics").map((e) => (e.data as { train_loss: number }).train_loss);
    expect(await losses(first.id)).toEqual(await losses(second.id));
    expect(first.fine_tuned_model).not.toBe(second.fine_tuned_model);
    expect(first.fine_tuned_model).toMatch(/^ft:sandbox-chat:sandbox::/);
  });

  test("DPO and reinforcement jobs run from their own formats", async () => {
    const dpo = await runJob({
      model: "sandbox-chat",
      training_file: await uploadTraining(sandbox.client, preferenceExamples(10)),
      method: { type: "dpo", dpo: { hyperparameters: { beta: 0.2, n_epochs: 1 } } },
    });
    expect(dpo.status).toBe("succeeded");
    expect(dpo.method?.dpo?.hyperparameters?.beta).toBe(0.2);
    const rft = await runJob({
      model: "sandbox-reasoning",
      training_file: await uploadTraining(sandbox.client, reinforcementExamples(10)),
      method: { type: "reinforcement", reinforcement: { grader: STRING_CHECK_GRADER, hyperparameters: { n_epochs: 1 } } },
    });
    expect(rft.status).toBe("succeeded");
    expect(rft.method?.reinforcement?.grader).toMatchObject({ type: "string_check" });
    // A supervised file is not a preference file.
    const wrong = await runJob({
      model: "sandbox-chat",
      training_file: await uploadTraining(sandbox.client, chatExamples(10)),
      method: { type: "dpo" },
    });
    expect(wrong.status).toBe("failed");
    expect(wrong.error).toMatchObject({ code: "invalid_training_file", param: "training_file" });
    expect(wrong.error?.message).toContain("Line 1: missing key 'input'");
  });

  test("requests are checked as the API checks them", async () => {
    const trainingFile = await uploadTraining(sandbox.client, chatExamples(10));
    const create = (body: Record<string, unknown>) =>
      failure(sandbox.client.fineTuning.jobs.create({ model: "sandbox-chat", training_file: trainingFile, ...body } as never));

    expect(await create({ model: "sandbox-embed-small" })).toMatchObject({
      status: 400,
      param: "model",
      code: "model_not_available",
      message: "Model sandbox-embed-small is not available for fine-tuning or does not exist.",
    });
    expect(await create({ training_file: undefined })).toMatchObject({
      status: 400,
      param: "training_file",
      code: "missing_required_parameter",
    });
    expect(await create({ training_file: "file-missing" })).toMatchObject({
      status: 400,
      param: "training_file",
      message: "invalid training_file: file-missing",
    });
    expect(await create({ method: { type: "reinforcement", reinforcement: { grader: STRING_CHECK_GRADER } } })).toMatchObject({
      status: 400,
      param: "method.type",
    });
    expect(await create({ model: "sandbox-reasoning", method: { type: "reinforcement" } })).toMatchObject({
      status: 400,
      param: "method.reinforcement.grader",
      code: "missing_required_parameter",
    });
    expect(await create({ hyperparameters: { n_epochs: 0 } })).toMatchObject({
      status: 400,
      param: "hyperparameters.n_epochs",
      code: "integer_below_min_value",
    });
    expect(await create({ method: { type: "supervised", supervised: { hyperparameters: { batch_size: "big" } } } })).toMatchObject({
      status: 400,
      param: "method.supervised.hyperparameters.batch_size",
    });
    expect(await create({ suffix: "x".repeat(65) })).toMatchObject({ status: 400, param: "suffix" });
    expect(await create({ seed: -1 })).toMatchObject({ status: 400, param: "seed" });
    const notes = (
      await sandbox.client.files.create({
        file: await import("openai").then((m) => m.toFile(Buffer.from("x"), "n.txt")),
        purpose: "assistants",
      })
    ).id;
    expect(await create({ training_file: notes })).toMatchObject({ status: 400, param: "training_file", code: "invalid_file_purpose" });
  });

  test("a file with too few examples, or a bad line, fails the job with the reason", async () => {
    const few = await runJob({ model: "sandbox-chat", training_file: await uploadTraining(sandbox.client, chatExamples(5)) });
    expectSchema("FineTuningJob", few);
    expect(few.status).toBe("failed");
    expect(few.error).toEqual({
      code: "invalid_n_examples",
      param: "training_file",
      message: "Training file has 5 example(s), but must have at least 10 examples",
    });
    const lines = chatExamples(12);
    lines[2] = JSON.stringify({
      messages: [
        { role: "user", content: "hi" },
        { role: "bot", content: "hello" },
      ],
    });
    const bad = await runJob({ model: "sandbox-chat", training_file: await uploadTraining(sandbox.client, lines) });
    expect(bad.status).toBe("failed");
    expect(bad.error?.message).toBe(
      "The job failed due to an invalid training file. Invalid file format. Line 3, message 2: unrecognized role 'bot' (expected one of system, developer, user, assistant, tool, function).",
    );
    const events = await allEvents(sandbox.client, bad.id);
    expect(events.at(-1)).toMatchObject({ level: "error", message: bad.error?.message });
    expect(events.some((e) => e.type === "metrics")).toBe(false);
    expect(await sandbox.client.fineTuning.jobs.checkpoints.list(bad.id).then((p) => p.data)).toEqual([]);
  });

  test("cancel, pause and resume", async () => {
    const trainingFile = await uploadTraining(sandbox.client, chatExamples(10));
    const job = await sandbox.client.fineTuning.jobs.create({ model: "sandbox-chat", training_file: trainingFile });
    // Validate, start, and two steps.
    for (let round = 0; round < 4; round++) {
      const claim = await claimDueJob();
      if (claim) await advanceClaimed(claim);
    }
    expect((await sandbox.client.fineTuning.jobs.retrieve(job.id)).status).toBe("running");
    expect(await metricSteps(sandbox.client, job.id)).toEqual([1, 2]);

    const paused = await sandbox.client.fineTuning.jobs.pause(job.id);
    expect(paused.status).toBe("paused");
    await drainSandboxWorkers();
    expect(await metricSteps(sandbox.client, job.id)).toEqual([1, 2]);
    expect((await failure(sandbox.client.fineTuning.jobs.pause(job.id))).message).toBe(
      "Only a running job can be paused; this job is paused.",
    );

    expect((await sandbox.client.fineTuning.jobs.resume(job.id)).status).toBe("running");
    const claim = await claimDueJob();
    await advanceClaimed(claim as NonNullable<typeof claim>);
    expect(await metricSteps(sandbox.client, job.id)).toEqual([1, 2, 3]);

    const cancelled = await sandbox.client.fineTuning.jobs.cancel(job.id);
    expect(cancelled.status).toBe("cancelled");
    expectSchema("FineTuningJob", cancelled);
    await drainSandboxWorkers();
    const after = await sandbox.client.fineTuning.jobs.retrieve(job.id);
    expect(after).toMatchObject({ status: "cancelled", fine_tuned_model: null });
    expect(await metricSteps(sandbox.client, job.id)).toEqual([1, 2, 3]);
    const messages = (await allEvents(sandbox.client, job.id)).map((e) => e.message);
    expect(messages).toEqual(expect.arrayContaining(["Fine-tuning job paused", "Fine-tuning job resumed", "Fine-tuning job cancelled"]));
    expect((await failure(sandbox.client.fineTuning.jobs.cancel(job.id))).status).toBe(400);
    expect((await failure(sandbox.client.fineTuning.jobs.resume(job.id))).status).toBe(400);
  });

  test("a worker that dies holding a job leaves it to the next once its lease runs out; its late commit writes nothing", async () => {
    const job = await sandbox.client.fineTuning.jobs.create({
      model: "sandbox-chat",
      training_file: await uploadTraining(sandbox.client, chatExamples(10)),
      hyperparameters: { n_epochs: 1 },
    });
    for (let round = 0; round < 3; round++)
      await advanceClaimed((await claimDueJob()) as NonNullable<Awaited<ReturnType<typeof claimDueJob>>>);
    expect(await metricSteps(sandbox.client, job.id)).toEqual([1]);
    const dead = await claimDueJob();
    expect(dead?.id).toBe(job.id);
    // While the lease holds, nobody else works on the job.
    await drainSandboxWorkers();
    expect(await metricSteps(sandbox.client, job.id)).toEqual([1]);
    const prisma = await db();
    await prisma.sandboxFineTuningJob.update({ where: { id: job.id }, data: { leaseUntil: new Date(Date.now() - 1000) } });
    await drainSandboxWorkers();
    expect((await sandbox.client.fineTuning.jobs.retrieve(job.id)).status).toBe("succeeded");
    expect(await advanceClaimed(dead as NonNullable<typeof dead>)).toBe(false);
    expect(await metricSteps(sandbox.client, job.id)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    expect((await sandbox.client.fineTuning.jobs.checkpoints.list(job.id)).data).toHaveLength(1);
  });

  test("jobs, their events and their models belong to the project that made them", async () => {
    const job = await runJob({
      model: "sandbox-chat",
      training_file: await uploadTraining(sandbox.client, chatExamples(10)),
      suffix: "mine",
    });
    const model = job.fine_tuned_model as string;
    expect((await failure(other.fineTuning.jobs.retrieve(job.id))).status).toBe(404);
    expect((await failure(other.fineTuning.jobs.listEvents(job.id))).status).toBe(404);
    expect((await failure(other.fineTuning.jobs.checkpoints.list(job.id))).status).toBe(404);
    expect((await failure(other.fineTuning.jobs.cancel(job.id))).status).toBe(404);
    expect((await other.fineTuning.jobs.list()).data).toEqual([]);
    expect((await other.models.list()).data.map((m) => m.id)).not.toContain(model);
    expect((await failure(other.models.retrieve(model))).status).toBe(404);
    expect((await failure(other.responses.create({ model, input: "hi" }))).status).toBe(400);
    expect((await failure(other.chat.completions.create({ model, messages: [{ role: "user", content: "hi" }] }))).status).toBe(404);
    // Nor can another project train on this project's file.
    const trainingFile = await uploadTraining(sandbox.client, chatExamples(10));
    expect((await failure(other.fineTuning.jobs.create({ model: "sandbox-chat", training_file: trainingFile }))).status).toBe(400);
    // The result file is the job's project's.
    expect((await failure(other.files.retrieve(job.result_files[0]))).status).toBe(404);
  });
});
