import "server-only";
import { Readable } from "node:stream";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { discardFileContent, findFile, recordFile, writeFileContent } from "../files/store";
import { newId, unixSeconds } from "../ids";
import { registerSandboxWorker } from "../workers";
import { fullValidationAt, makePlan, metricsAt, type Plan, resultsCsv } from "./curve";
import { FINE_TUNABLE, type Hyperparameters, type MethodType } from "./params";
import { eventRow, type JobBody, json, ORGANIZATION_SLUG } from "./store";
import { checkTrainingFile, type FileSummary } from "./validate";

// The training run, one round at a time: validate the files, start, then one step per round, then
// finish. A worker claims a due job with a lease (SKIP LOCKED, so replicas pass over each other's
// jobs), does the round, and commits it in one transaction together with the job's progress, on
// condition that the job is still as claimed (same status, same steps done, same lease). So a
// restart resumes at the step reached, a step is never written twice, and a job cancelled or paused
// meanwhile is left as it was. A worker that dies holding a lease leaves the job to the next worker
// once the lease has run out.

/** How long a claim holds: a round is short, so a job whose worker died waits at most this long. */
export function leaseSeconds(): number {
  const value = Number(process.env.SANDBOX_FINE_TUNING_LEASE_SECONDS);
  return Number.isFinite(value) && value > 0 ? value : 30;
}
const ACTIVE = ["validating_files", "queued", "running"];

/** The pause between rounds (each step is a round): SANDBOX_FINE_TUNING_STEP_MS, default 1 s. */
export function stepDelayMs(): number {
  const configured = process.env.SANDBOX_FINE_TUNING_STEP_MS;
  const value = Number(configured);
  return configured !== undefined && configured !== "" && Number.isFinite(value) && value >= 0 ? value : 1000;
}

export type StoredPlan = Plan & { modelName: string };

export interface Claim {
  id: string;
  project: string;
  status: string;
  stepsDone: number;
  plan: StoredPlan | null;
  body: JobBody;
  leaseUntil: Date;
}

export async function claimDueJob(): Promise<Claim | null> {
  const prisma = await db();
  const rows = await prisma.$queryRaw<Claim[]>`
    WITH due AS MATERIALIZED (
      SELECT "id" FROM "SandboxFineTuningJob"
      WHERE "status" IN (${ACTIVE[0]}, ${ACTIVE[1]}, ${ACTIVE[2]})
        AND "nextRunAt" <= now() AT TIME ZONE 'UTC'
        AND ("leaseUntil" IS NULL OR "leaseUntil" < now() AT TIME ZONE 'UTC')
      ORDER BY "nextRunAt", "id"
      LIMIT 1
      FOR UPDATE SKIP LOCKED
    )
    UPDATE "SandboxFineTuningJob" AS j
    SET "leaseUntil" = (now() AT TIME ZONE 'UTC') + make_interval(secs => ${leaseSeconds()})
    FROM due
    WHERE j."id" = due."id"
    RETURNING j."id", j."project", j."status", j."stepsDone", j."plan", j."body", j."leaseUntil"`;
  if (rows.length > 1) throw new Error(`claimed ${rows.length} jobs at once`);
  return rows[0] ?? null;
}

type Tx = Prisma.TransactionClient;

/** Commits a round if the job is still as claimed; false when it was not (and nothing is written). */
async function commit(
  claim: Claim,
  data: { status?: string; stepsDone?: number; plan?: StoredPlan; body?: JobBody; fineTunedModel?: string },
  write: (tx: Tx) => Promise<void>,
): Promise<boolean> {
  const prisma = await db();
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.sandboxFineTuningJob.updateMany({
      where: { id: claim.id, status: claim.status, stepsDone: claim.stepsDone, leaseUntil: claim.leaseUntil },
      data: {
        status: data.status,
        stepsDone: data.stepsDone,
        plan: data.plan ? json(data.plan) : undefined,
        body: data.body ? json(data.body) : undefined,
        fineTunedModel: data.fineTunedModel,
        leaseUntil: null,
        nextRunAt: new Date(Date.now() + stepDelayMs()),
      },
    });
    if (count !== 1) return false;
    await write(tx);
    return true;
  });
}

function methodOf(body: JobBody): { type: MethodType; hyperparameters: Hyperparameters } {
  const method = body.method as Record<string, { hyperparameters?: Hyperparameters }> & { type: MethodType };
  return { type: method.type, hyperparameters: method[method.type]?.hyperparameters ?? {} };
}

function modelName(body: JobBody): string {
  const suffix = typeof body.user_provided_suffix === "string" ? body.user_provided_suffix : "";
  return `ft:${body.model}:${ORGANIZATION_SLUG}:${suffix}:${newId.fineTunedModel()}`;
}

async function fail(claim: Claim, error: { code: string; message: string; param: string | null }): Promise<boolean> {
  const body = { ...claim.body, status: "failed", error, finished_at: unixSeconds(), estimated_finish: null };
  return commit(claim, { status: "failed", body }, async (tx) => {
    await tx.sandboxFineTuningEvent.create({ data: eventRow(claim.id, error.message, { level: "error" }) });
  });
}

/**
 * Extends the claim's lease once past its half-life, so a large file's validation is not taken
 * over while still being read. False when the job is no longer this worker's.
 */
async function keepLease(claim: Claim): Promise<boolean> {
  if (claim.leaseUntil.getTime() - Date.now() > (leaseSeconds() * 1000) / 2) return true;
  const prisma = await db();
  const rows = await prisma.$queryRaw<{ leaseUntil: Date }[]>`
    UPDATE "SandboxFineTuningJob"
    SET "leaseUntil" = (now() AT TIME ZONE 'UTC') + make_interval(secs => ${leaseSeconds()})
    WHERE "id" = ${claim.id} AND "status" = ${claim.status} AND "leaseUntil" = ${claim.leaseUntil}
    RETURNING "leaseUntil"`;
  if (!rows.length) return false;
  claim.leaseUntil = rows[0].leaseUntil;
  return true;
}

async function readFile(claim: Claim, fileId: string, role: "training" | "validation") {
  const { type } = methodOf(claim.body);
  const param = `${role}_file`;
  if (!(await findFile(claim.project, fileId))) {
    return { error: { code: `invalid_${param}`, param, message: `The ${role} file ${fileId} was deleted before the job could read it.` } };
  }
  const checked = await checkTrainingFile(fileId, role, type, FINE_TUNABLE[claim.body.model]?.maxExampleTokens ?? 65_536, () =>
    keepLease(claim),
  );
  if (checked === "lost") return { lost: true as const };
  if (!checked.ok) return { error: { code: checked.code, param, message: checked.message } };
  return { summary: checked.summary };
}

async function validateFiles(claim: Claim): Promise<boolean> {
  const training = await readFile(claim, String(claim.body.training_file), "training");
  if ("lost" in training) return false;
  if (training.error) return fail(claim, training.error);
  let validation: FileSummary | null = null;
  if (typeof claim.body.validation_file === "string") {
    const read = await readFile(claim, claim.body.validation_file, "validation");
    if ("lost" in read) return false;
    if (read.error) return fail(claim, read.error);
    validation = read.summary ?? null;
  }
  const { type, hyperparameters } = methodOf(claim.body);
  const plan: StoredPlan = {
    ...makePlan(type, hyperparameters, Number(claim.body.seed), training.summary as FileSummary, validation),
    modelName: modelName(claim.body),
  };
  const method = claim.body.method as Record<string, Record<string, unknown>>;
  const body: JobBody = {
    ...claim.body,
    status: "queued",
    hyperparameters: { n_epochs: plan.nEpochs, batch_size: plan.batchSize, learning_rate_multiplier: plan.learningRateMultiplier },
    method: { ...method, [type]: { ...method[type], hyperparameters: plan.resolved } },
  };
  return commit(claim, { status: "queued", plan, body }, async (tx) => {
    await tx.sandboxFineTuningEvent.create({ data: eventRow(claim.id, "Files validated, moving job to queued state") });
  });
}

async function start(claim: Claim, plan: StoredPlan): Promise<boolean> {
  const estimated = unixSeconds(new Date(Date.now() + (plan.totalSteps + 1) * Math.max(stepDelayMs(), 250)));
  const body = { ...claim.body, status: "running", estimated_finish: estimated };
  return commit(claim, { status: "running", body }, async (tx) => {
    await tx.sandboxFineTuningEvent.create({ data: eventRow(claim.id, "Fine-tuning job started") });
  });
}

async function step(claim: Claim, plan: StoredPlan): Promise<boolean> {
  const number = claim.stepsDone + 1;
  const metrics = metricsAt(plan, number);
  const validation = metrics.valid_loss !== undefined ? `, validation loss=${metrics.valid_loss.toFixed(4)}` : "";
  const message = `Step ${number}/${plan.totalSteps}: training loss=${metrics.train_loss.toFixed(4)}${validation}`;
  const epochEnds = number % plan.stepsPerEpoch === 0;
  return commit(claim, { stepsDone: number }, async (tx) => {
    // The unique (jobId, step) index is the last guard: a step written twice fails the commit.
    await tx.sandboxFineTuningEvent.create({
      data: eventRow(claim.id, message, { type: "metrics", data: { ...metrics, total_steps: plan.totalSteps }, step: number }),
    });
    if (!epochEnds) return;
    const checkpoint = `${plan.modelName}:ckpt-step-${number}`;
    await tx.sandboxFineTuningCheckpoint.create({
      data: {
        id: newId.fineTuningCheckpoint(),
        jobId: claim.id,
        project: claim.project,
        stepNumber: number,
        fineTunedModelCheckpoint: checkpoint,
        metrics: json({ ...metrics, ...fullValidationAt(plan, number) }),
      },
    });
    await tx.sandboxFineTuningEvent.create({ data: eventRow(claim.id, `Checkpoint created at step ${number}`, { data: { checkpoint } }) });
  });
}

async function finish(claim: Claim, plan: StoredPlan): Promise<boolean> {
  const csv = resultsCsv(plan);
  const file = await writeFileContent(Readable.from([Buffer.from(csv)]));
  const body: JobBody = {
    ...claim.body,
    status: "succeeded",
    fine_tuned_model: plan.modelName,
    finished_at: unixSeconds(),
    estimated_finish: null,
    trained_tokens: plan.trainingTokens * plan.nEpochs,
    result_files: [file.id],
  };
  let committed = false;
  try {
    committed = await commit(claim, { status: "succeeded", body, fineTunedModel: plan.modelName }, async (tx) => {
      await recordFile(
        { id: file.id, project: claim.project, purpose: "fine-tune-results", filename: "step_metrics.csv", bytes: file.bytes },
        tx,
      );
      await tx.sandboxFineTuningEvent.createMany({
        data: [
          eventRow(claim.id, `New fine-tuned model created: ${plan.modelName}`, { data: { fine_tuned_model: plan.modelName } }),
          eventRow(claim.id, "The job has successfully completed"),
        ],
      });
    });
  } finally {
    if (!committed) await discardFileContent(file.id);
  }
  return committed;
}

/** Does the claimed job's next round; false when the job changed under the worker (nothing written). */
export async function advanceClaimed(claim: Claim): Promise<boolean> {
  if (claim.status === "validating_files") return validateFiles(claim);
  const plan = claim.plan;
  if (!plan) return fail(claim, { code: "server_error", param: null, message: "The job lost its training plan." });
  if (claim.status === "queued") return start(claim, plan);
  return claim.stepsDone < plan.totalSteps ? step(claim, plan) : finish(claim, plan);
}

export async function advanceNextJob(): Promise<boolean> {
  const claim = await claimDueJob();
  if (!claim) return false;
  await advanceClaimed(claim);
  return true;
}

registerSandboxWorker({ name: "fine-tuning", tick: advanceNextJob });
