import "server-only";
import { db } from "@/lib/db/client";
import type { Route, SandboxContext } from "../context";
import { invalidRequest } from "../errors";
import { findFile } from "../files/store";
import { newId } from "../ids";
import { listParams } from "../pagination";
import { parseJobRequest } from "./params";
import { eventRow, type JobBody, json, listCheckpoints, listEvents, listJobs, newJobBody, requireJob } from "./store";
// Registers the training worker wherever the routes are loaded (server, `npm run sandbox`, tests).
import "./run";

async function requireTrainingFile(project: string, id: string, param: "training_file" | "validation_file") {
  const file = await findFile(project, id);
  if (!file) throw invalidRequest(`invalid ${param}: ${id}`, param, "invalid_file");
  if (file.purpose !== "fine-tune") {
    throw invalidRequest(
      `File ${id} has purpose '${file.purpose}'; fine-tuning reads only files uploaded with purpose 'fine-tune'.`,
      param,
      "invalid_file_purpose",
    );
  }
}

async function createJob(ctx: SandboxContext) {
  const request = parseJobRequest(await ctx.json());
  await requireTrainingFile(ctx.project, request.trainingFile, "training_file");
  if (request.validationFile) await requireTrainingFile(ctx.project, request.validationFile, "validation_file");
  const id = newId.fineTuningJob();
  const createdAt = new Date();
  const body = newJobBody(id, request, createdAt);
  const prisma = await db();
  await prisma.$transaction([
    prisma.sandboxFineTuningJob.create({ data: { id, project: ctx.project, status: "validating_files", body: json(body), createdAt } }),
    prisma.sandboxFineTuningEvent.createMany({
      data: [eventRow(id, `Created fine-tuning job: ${id}`), eventRow(id, `Validating training file: ${request.trainingFile}`)],
    }),
  ]);
  return body;
}

type Change = { from: string[]; to: string; event: string; refusal: (status: string) => string };

const CHANGES: Record<"cancel" | "pause" | "resume", Change> = {
  cancel: {
    from: ["validating_files", "queued", "running", "paused"],
    to: "cancelled",
    event: "Fine-tuning job cancelled",
    refusal: (status) =>
      `Cannot cancel a job that has already ${status === "succeeded" ? "succeeded" : status === "failed" ? "failed" : "been cancelled"}.`,
  },
  pause: {
    from: ["running"],
    to: "paused",
    event: "Fine-tuning job paused",
    refusal: (status) => `Only a running job can be paused; this job is ${status}.`,
  },
  resume: {
    from: ["paused"],
    to: "running",
    event: "Fine-tuning job resumed",
    refusal: (status) => `Only a paused job can be resumed; this job is ${status}.`,
  },
};

/**
 * Moves a job to another status with its event, in one transaction, on condition that its status
 * is still the one read: a worker finishing a step meanwhile keeps its step, a worker finishing the
 * job meanwhile wins (and the change is refused as it would have been a moment later).
 */
async function changeStatus(ctx: SandboxContext, change: Change) {
  const prisma = await db();
  for (let attempt = 0; attempt < 5; attempt++) {
    const row = await requireJob(ctx.project, ctx.params[0]);
    if (!change.from.includes(row.status)) throw invalidRequest(change.refusal(row.status), null, "invalid_job_status");
    const body: JobBody = { ...(row.body as JobBody), status: change.to };
    if (change.to === "cancelled") Object.assign(body, { finished_at: Math.floor(Date.now() / 1000), estimated_finish: null });
    const done = await prisma.$transaction(async (tx) => {
      const { count } = await tx.sandboxFineTuningJob.updateMany({
        where: { id: row.id, status: row.status },
        // A resumed job is due at once; a stopped one drops any worker's lease, whose commit then fails.
        data: { status: change.to, body: json(body), leaseUntil: null, nextRunAt: new Date() },
      });
      if (count !== 1) return false;
      await tx.sandboxFineTuningEvent.create({ data: eventRow(row.id, change.event) });
      return true;
    });
    if (done) return body;
  }
  throw invalidRequest("The job changed while it was being updated; try again.", null, "conflict");
}

function jobListParams(ctx: SandboxContext, defaultLimit: number) {
  const params = listParams(ctx.url, { limit: defaultLimit, order: "desc" });
  return params;
}

export const routes: Route[] = [
  { method: "POST", pattern: /^\/fine_tuning\/jobs$/, handle: createJob },
  {
    method: "GET",
    pattern: /^\/fine_tuning\/jobs$/,
    handle: async (ctx) => {
      const params = jobListParams(ctx, 20);
      params.before = undefined;
      // The SDKs send metadata filters as metadata[key]=value.
      const metadata: [string, string][] = [];
      for (const [name, value] of ctx.url.searchParams) {
        const key = name.match(/^metadata\[(.+)\]$/)?.[1];
        if (key) metadata.push([key, value]);
      }
      return listJobs(ctx.project, params, metadata);
    },
  },
  {
    method: "GET",
    pattern: /^\/fine_tuning\/jobs\/([^/]+)$/,
    handle: async (ctx) => (await requireJob(ctx.project, ctx.params[0])).body as JobBody,
  },
  { method: "POST", pattern: /^\/fine_tuning\/jobs\/([^/]+)\/cancel$/, handle: (ctx) => changeStatus(ctx, CHANGES.cancel) },
  { method: "POST", pattern: /^\/fine_tuning\/jobs\/([^/]+)\/pause$/, handle: (ctx) => changeStatus(ctx, CHANGES.pause) },
  { method: "POST", pattern: /^\/fine_tuning\/jobs\/([^/]+)\/resume$/, handle: (ctx) => changeStatus(ctx, CHANGES.resume) },
  {
    method: "GET",
    pattern: /^\/fine_tuning\/jobs\/([^/]+)\/events$/,
    handle: async (ctx) => {
      const job = await requireJob(ctx.project, ctx.params[0]);
      const params = jobListParams(ctx, 20);
      return listEvents(job.id, params.limit, params.after);
    },
  },
  {
    method: "GET",
    pattern: /^\/fine_tuning\/jobs\/([^/]+)\/checkpoints$/,
    handle: async (ctx) => {
      const job = await requireJob(ctx.project, ctx.params[0]);
      const params = jobListParams(ctx, 10);
      return listCheckpoints(job.id, params.limit, params.after);
    },
  },
];
