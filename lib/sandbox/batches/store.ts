import "server-only";
import { db } from "@/lib/db/client";
import type { Prisma, SandboxBatch } from "@/lib/generated/prisma/client";
import { invalidRequest, missingParameter, notFound } from "../errors";
import { requireFile } from "../files/store";
import { newId } from "../ids";
import { type ListParams, listPage, pageQuery } from "../pagination";
import { checkMetadata, expectEnum, expectRange, expectType } from "../responses/params";
import { batchObject } from "./object";

// Creating, reading, listing and cancelling batches. Running them is runner.ts's work.

export const BATCH_ENDPOINTS = [
  "/v1/responses",
  "/v1/chat/completions",
  "/v1/embeddings",
  "/v1/completions",
  "/v1/moderations",
  "/v1/images/generations",
  "/v1/images/edits",
  "/v1/videos",
] as const;
/** The endpoints the sandbox can run lines of; the others are refused by name. */
export const SANDBOX_BATCH_ENDPOINTS = new Set(["/v1/responses", "/v1/chat/completions", "/v1/embeddings"]);

const COMPLETION_WINDOW_SECONDS = 24 * 60 * 60;

export async function createBatch(project: string, body: Record<string, unknown>) {
  if (body.input_file_id === undefined || body.input_file_id === null) throw missingParameter("input_file_id");
  if (body.endpoint === undefined || body.endpoint === null) throw missingParameter("endpoint");
  if (body.completion_window === undefined || body.completion_window === null) throw missingParameter("completion_window");
  expectType(body.input_file_id, "string", "input_file_id");
  const endpoint = expectEnum(body.endpoint, BATCH_ENDPOINTS, "endpoint");
  if (!SANDBOX_BATCH_ENDPOINTS.has(endpoint)) {
    throw invalidRequest(
      `The Switchboard sandbox runs batches for /v1/responses, /v1/chat/completions and /v1/embeddings, not for ${endpoint}.`,
      "endpoint",
      "unsupported_parameter",
    );
  }
  const completionWindow = expectEnum(body.completion_window, ["24h"], "completion_window");
  const metadata = checkMetadata(body.metadata);
  const outputExpiresAfter = parseOutputExpiresAfter(body.output_expires_after);
  const file = await requireFile(project, body.input_file_id as string, "input_file_id");
  if (file.purpose !== "batch") {
    throw invalidRequest(
      `The input file ${file.id} has purpose '${file.purpose}'; a batch's input file must be uploaded with purpose 'batch'.`,
      "input_file_id",
      "invalid_value",
    );
  }
  const prisma = await db();
  const createdAt = new Date();
  const row = await prisma.sandboxBatch.create({
    data: {
      id: newId.batch(),
      project,
      endpoint,
      inputFileId: file.id,
      completionWindow,
      metadata: metadata ?? undefined,
      outputExpiresAfter,
      createdAt,
      expiresAt: new Date(createdAt.getTime() + COMPLETION_WINDOW_SECONDS * 1000),
    },
  });
  return batchObject(row);
}

function parseOutputExpiresAfter(value: unknown): number | null {
  if (value === undefined || value === null) return null;
  expectType(value, "object", "output_expires_after");
  const { anchor, seconds } = value as Record<string, unknown>;
  expectEnum(anchor, ["created_at"], "output_expires_after.anchor");
  expectType(seconds, "integer", "output_expires_after.seconds");
  expectRange(seconds as number, "output_expires_after.seconds", 3600, 2_592_000);
  return seconds as number;
}

export function batchNotFound(id: string) {
  return notFound(`No batch found with id '${id}'.`, "batch_id");
}

/** A batch of `project`; another project's batch is not found, as with the real API. */
export async function requireBatch(project: string, id: string): Promise<SandboxBatch> {
  const prisma = await db();
  const row = await prisma.sandboxBatch.findUnique({ where: { id } });
  if (!row || row.project !== project) throw batchNotFound(id);
  return row;
}

export async function listBatches(project: string, params: ListParams) {
  const prisma = await db();
  let cursor: { createdAt: Date; id: string } | null = null;
  if (params.after !== undefined) {
    cursor = await prisma.sandboxBatch.findFirst({ where: { id: params.after, project }, select: { id: true, createdAt: true } });
    if (!cursor) throw invalidRequest(`No batch found with id '${params.after}'.`, "after");
  }
  const { where, orderBy, take, reverse } = pageQuery(params, cursor);
  const rows = await prisma.sandboxBatch.findMany({ where: { AND: [{ project }, where] }, orderBy: [...orderBy], take });
  const page = listPage(rows, params, reverse);
  return { ...page, data: page.data.map(batchObject) };
}

const CANCELLABLE = ["validating", "in_progress"];

/**
 * Moves a running batch to `cancelling`; the runner notices at its next line (whose commit needs
 * `in_progress`), then writes what was done and marks it `cancelled`.
 */
export async function cancelBatch(project: string, id: string) {
  const batch = await requireBatch(project, id);
  if (batch.status === "cancelling" || batch.status === "cancelled") return batchObject(batch);
  if (!CANCELLABLE.includes(batch.status)) {
    throw invalidRequest(`Cannot cancel a batch with status '${batch.status}'.`, null, "batch_not_cancellable");
  }
  const prisma = await db();
  const where: Prisma.SandboxBatchWhereInput = { id, project, status: { in: CANCELLABLE } };
  const { count } = await prisma.sandboxBatch.updateMany({ where, data: { status: "cancelling", cancellingAt: new Date() } });
  const now = await requireBatch(project, id);
  // Lost a race with the runner (it failed or expired meanwhile): that is no longer cancellable.
  if (count === 0 && !["cancelling", "cancelled"].includes(now.status)) {
    throw invalidRequest(`Cannot cancel a batch with status '${now.status}'.`, null, "batch_not_cancellable");
  }
  return batchObject(now);
}
