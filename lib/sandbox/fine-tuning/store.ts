import "server-only";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { invalidRequest, notFound } from "../errors";
import { newId, unixSeconds } from "../ids";
import { type ListParams, listPage, pageQuery } from "../pagination";
import type { JobRequest } from "./params";

// Fine-tuning jobs (SandboxFineTuningJob): the job object as the API returns it, in `body`, with
// the columns the worker and the lists need beside it. Every lookup is by the caller's project.

export type JobBody = Record<string, unknown> & { id: string; status: string; model: string };

export const ORGANIZATION = "org-sandbox";
/** The organization part of fine-tuned model names: `ft:<base>:sandbox:<suffix>:<id>`. */
export const ORGANIZATION_SLUG = "sandbox";

export const json = (value: unknown) => value as Prisma.InputJsonValue;

export function newJobBody(id: string, request: JobRequest, createdAt: Date): JobBody {
  const { type, hyperparameters, grader } = request.method;
  const legacy = {
    n_epochs: hyperparameters.n_epochs,
    batch_size: hyperparameters.batch_size,
    learning_rate_multiplier: hyperparameters.learning_rate_multiplier,
  };
  return {
    object: "fine_tuning.job",
    id,
    model: request.model,
    created_at: unixSeconds(createdAt),
    finished_at: null,
    fine_tuned_model: null,
    organization_id: ORGANIZATION,
    result_files: [],
    status: "validating_files",
    validation_file: request.validationFile,
    training_file: request.trainingFile,
    hyperparameters: legacy,
    trained_tokens: null,
    error: null,
    user_provided_suffix: request.suffix,
    seed: request.seed,
    estimated_finish: null,
    integrations: [],
    metadata: request.metadata,
    method: { type, [type]: { hyperparameters, ...(grader ? { grader } : {}) } },
  };
}

export function jobNotFound(id: string) {
  return notFound(`Could not find fine-tuning job: ${id}`, "fine_tuning_job_id", "fine_tuning_job_not_found");
}

export async function requireJob(project: string, id: string) {
  const prisma = await db();
  const row = await prisma.sandboxFineTuningJob.findUnique({ where: { id } });
  if (!row || row.project !== project) throw jobNotFound(id);
  return row;
}

export async function listJobs(project: string, params: ListParams, metadata: [string, string][]) {
  const prisma = await db();
  const cursor = params.after
    ? await prisma.sandboxFineTuningJob.findFirst({ where: { id: params.after, project }, select: { id: true, createdAt: true } })
    : null;
  if (params.after && !cursor)
    throw invalidRequest(`Invalid 'after': no fine-tuning job with id '${params.after}'.`, "after", "invalid_value");
  const page = pageQuery(params, cursor);
  const rows = await prisma.sandboxFineTuningJob.findMany({
    where: { AND: [{ project }, page.where, ...metadata.map(([key, value]) => ({ body: { path: ["metadata", key], equals: value } }))] },
    orderBy: [...page.orderBy],
    take: page.take,
    select: { id: true, body: true },
  });
  const listed = listPage(rows, params, page.reverse);
  return { object: "list" as const, data: listed.data.map((row) => row.body), has_more: listed.has_more };
}

export function eventObject(row: { id: string; createdAt: Date; level: string; message: string; type: string; data: unknown }) {
  return {
    object: "fine_tuning.job.event" as const,
    id: row.id,
    created_at: unixSeconds(row.createdAt),
    level: row.level,
    message: row.message,
    data: (row.data ?? {}) as Record<string, unknown>,
    type: row.type,
  };
}

/** Events newest first, as the API lists them; `after` is an event id and pages towards older ones. */
export async function listEvents(jobId: string, limit: number, after: string | undefined) {
  const prisma = await db();
  let before: bigint | undefined;
  if (after) {
    const cursor = await prisma.sandboxFineTuningEvent.findUnique({ where: { id: after }, select: { seq: true, jobId: true } });
    if (!cursor || cursor.jobId !== jobId)
      throw invalidRequest(`Invalid 'after': no event with id '${after}' in this job.`, "after", "invalid_value");
    before = cursor.seq;
  }
  const rows = await prisma.sandboxFineTuningEvent.findMany({
    where: { jobId, ...(before !== undefined ? { seq: { lt: before } } : {}) },
    orderBy: { seq: "desc" },
    take: limit + 1,
  });
  return { object: "list" as const, data: rows.slice(0, limit).map(eventObject), has_more: rows.length > limit };
}

export function checkpointObject(row: {
  id: string;
  jobId: string;
  stepNumber: number;
  fineTunedModelCheckpoint: string;
  metrics: unknown;
  createdAt: Date;
}) {
  return {
    object: "fine_tuning.job.checkpoint" as const,
    id: row.id,
    created_at: unixSeconds(row.createdAt),
    fine_tuned_model_checkpoint: row.fineTunedModelCheckpoint,
    fine_tuning_job_id: row.jobId,
    metrics: row.metrics as Record<string, number>,
    step_number: row.stepNumber,
  };
}

/** Checkpoints newest (highest step) first; `after` is a checkpoint id. */
export async function listCheckpoints(jobId: string, limit: number, after: string | undefined) {
  const prisma = await db();
  let below: number | undefined;
  if (after) {
    const cursor = await prisma.sandboxFineTuningCheckpoint.findUnique({ where: { id: after } });
    if (!cursor || cursor.jobId !== jobId)
      throw invalidRequest(`Invalid 'after': no checkpoint with id '${after}' in this job.`, "after", "invalid_value");
    below = cursor.stepNumber;
  }
  const rows = await prisma.sandboxFineTuningCheckpoint.findMany({
    where: { jobId, ...(below !== undefined ? { stepNumber: { lt: below } } : {}) },
    orderBy: { stepNumber: "desc" },
    take: limit + 1,
  });
  const data = rows.slice(0, limit).map(checkpointObject);
  return { object: "list" as const, data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: rows.length > limit };
}

export function eventRow(jobId: string, message: string, extra: { level?: string; type?: string; data?: unknown; step?: number } = {}) {
  return {
    id: newId.fineTuningEvent(),
    jobId,
    level: extra.level ?? "info",
    type: extra.type ?? "message",
    message,
    data: extra.data === undefined ? undefined : json(extra.data),
    step: extra.step,
  };
}

/**
 * A fine-tuned model of `project` by name: the model of a succeeded job, or one of its
 * checkpoints. Returns the base model it was trained from and when it was made.
 */
export async function findFineTunedModel(project: string, name: string): Promise<{ base: string; created: number } | null> {
  const prisma = await db();
  const job = await prisma.sandboxFineTuningJob.findFirst({ where: { project, fineTunedModel: name, status: "succeeded" } });
  if (job) return { base: (job.body as JobBody).model, created: finishedAt(job.body as JobBody) };
  const checkpoint = await prisma.sandboxFineTuningCheckpoint.findFirst({ where: { project, fineTunedModelCheckpoint: name } });
  if (!checkpoint) return null;
  const parent = await prisma.sandboxFineTuningJob.findUnique({ where: { id: checkpoint.jobId } });
  return parent ? { base: (parent.body as JobBody).model, created: unixSeconds(checkpoint.createdAt) } : null;
}

/** The project's fine-tuned models (of succeeded jobs), oldest first. */
export async function listFineTunedModels(project: string): Promise<{ name: string; base: string; created: number }[]> {
  const prisma = await db();
  const jobs = await prisma.sandboxFineTuningJob.findMany({
    where: { project, status: "succeeded", fineTunedModel: { not: null } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { fineTunedModel: true, body: true },
  });
  return jobs.map((job) => ({
    name: job.fineTunedModel as string,
    base: (job.body as JobBody).model,
    created: finishedAt(job.body as JobBody),
  }));
}

function finishedAt(body: JobBody): number {
  return typeof body.finished_at === "number" ? body.finished_at : Number(body.created_at);
}
