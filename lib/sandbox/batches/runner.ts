import "server-only";
import { Readable } from "node:stream";
import { db } from "@/lib/db/client";
import type { SandboxBatch } from "@/lib/generated/prisma/client";
import { discardFileContent, findFile, recordFile, writeFileContent } from "../files/store";
import { sandboxCall } from "../handler";
import { newId } from "../ids";
import { registerSandboxWorker } from "../workers";
import { readInputLines } from "./lines";
import { type LineUsage, usageOf } from "./usage";
import { validateInputFile } from "./validate";

// The batch worker. One claim (a lease on the batch row, taken with SKIP LOCKED) does one step:
// validate the input file, run lines for a while, or write the output and error files. Every
// write is conditional on the claim's lease value and on the status the step expects, so a worker
// whose lease lapsed, or whose batch was cancelled meanwhile, writes nothing. Each finished line
// is recorded with the batch's progress (next line, byte offset, counts) in one transaction: after
// a crash the batch resumes at the first unrecorded line, and no recorded line runs again.

// A lapsed lease is how a batch whose process died is found; tests shorten it to restart quickly.
const LEASE_SECONDS = Number(process.env.SANDBOX_BATCH_LEASE_SECONDS) > 0 ? Number(process.env.SANDBOX_BATCH_LEASE_SECONDS) : 60;
// One claim runs lines for at most this long, then lets other work (and other batches) have a turn.
const STEP_MS = 2000;
const ACTIVE = ["validating", "in_progress", "finalizing", "cancelling"];

type Claim = SandboxBatch;

async function claimDueBatch(): Promise<Claim | null> {
  const prisma = await db();
  // As in vector-store ingestion: the due row is picked in a MATERIALIZED CTE, so the UPDATE
  // cannot re-scan it per row and take more than one.
  const rows = await prisma.$queryRaw<{ id: string }[]>`
    WITH due AS MATERIALIZED (
      SELECT "id" FROM "SandboxBatch"
      WHERE "status" IN ('validating', 'in_progress', 'finalizing', 'cancelling')
        AND ("leaseUntil" IS NULL OR "leaseUntil" < now() AT TIME ZONE 'UTC')
      ORDER BY "createdAt", "id"
      LIMIT 1
      FOR UPDATE SKIP LOCKED
    )
    UPDATE "SandboxBatch" AS b
    SET "leaseUntil" = (now() AT TIME ZONE 'UTC') + make_interval(secs => ${LEASE_SECONDS})
    FROM due
    WHERE b."id" = due."id"
    RETURNING b."id"`;
  if (!rows.length) return null;
  return prisma.sandboxBatch.findUnique({ where: { id: rows[0].id } });
}

/** The pace of a batch: a pause before each line (SANDBOX_BATCH_LINE_DELAY_MS), so progress can be watched. */
function lineDelayMs(): number {
  const configured = Number(process.env.SANDBOX_BATCH_LINE_DELAY_MS);
  return Number.isFinite(configured) && configured >= 0 ? configured : 100;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The conditions every write of a claimed step carries: still this worker's, still in `status`. */
function held(claim: Claim, status: string | string[]) {
  return { id: claim.id, leaseUntil: claim.leaseUntil, status: Array.isArray(status) ? { in: status } : status };
}

function nextLease(): Date {
  return new Date(Date.now() + LEASE_SECONDS * 1000);
}

async function validateStep(claim: Claim): Promise<void> {
  const prisma = await db();
  const input = await findFile(claim.project, claim.inputFileId);
  const outcome = input
    ? await validateInputFile(input.id, claim.endpoint)
    : {
        ok: false as const,
        errors: [{ code: "invalid_file", message: `The input file ${claim.inputFileId} was deleted.`, param: "input_file_id", line: null }],
      };
  const now = new Date();
  await prisma.sandboxBatch.updateMany({
    where: held(claim, "validating"),
    data: outcome.ok
      ? { status: "in_progress", inProgressAt: now, total: outcome.total, model: outcome.model }
      : { status: "failed", failedAt: now, errors: outcome.errors as object[] },
  });
}

interface LineResult {
  customId: string;
  ok: boolean;
  result: Record<string, unknown>;
  usage: LineUsage;
}

async function runLine(claim: Claim, text: string): Promise<LineResult> {
  const request = JSON.parse(text) as { custom_id: string; url: string; body: Record<string, unknown> };
  const path = request.url.replace(/^\/v1/, "");
  let call: { status: number; requestId: string; body: unknown };
  if (request.body.stream === true) {
    call = {
      status: 400,
      requestId: newId.request(),
      body: { error: { message: "Streaming is not supported in a batch.", type: "invalid_request_error", param: "stream", code: null } },
    };
  } else if (request.body.background === true) {
    call = {
      status: 400,
      requestId: newId.request(),
      body: {
        error: { message: "Background mode is not supported in a batch.", type: "invalid_request_error", param: "background", code: null },
      },
    };
  } else call = await sandboxCall(claim.project, "POST", path, request.body);
  const ok = call.status >= 200 && call.status < 300;
  return {
    customId: request.custom_id,
    ok,
    // The output and error file lines: the request's answer, as the endpoint gave it.
    result: {
      id: newId.batchRequest(),
      custom_id: request.custom_id,
      response: { status_code: call.status, request_id: call.requestId, body: call.body },
      error: null,
    },
    usage: ok ? usageOf(call.body) : { inputTokens: 0, cachedTokens: 0, outputTokens: 0, reasoningTokens: 0 },
  };
}

/** Runs lines from where the batch stands, one transaction per line; false when the claim was lost. */
async function runStep(claim: Claim): Promise<boolean> {
  const prisma = await db();
  const input = await findFile(claim.project, claim.inputFileId);
  if (!input) {
    await prisma.sandboxBatch.updateMany({
      where: held(claim, "in_progress"),
      data: {
        status: "failed",
        failedAt: new Date(),
        errors: [{ code: "invalid_file", message: `The input file ${claim.inputFileId} was deleted.`, param: "input_file_id", line: null }],
      },
    });
    return false;
  }
  const started = Date.now();
  let index = claim.nextLine;
  for await (const line of readInputLines(input.id, Number(claim.nextOffset))) {
    if (index >= claim.total) break;
    if (Date.now() > claim.expiresAt.getTime()) return expireStep(claim);
    await sleep(lineDelayMs());
    const done = await runLine(claim, line.text);
    const lease = nextLease();
    const committed = await prisma.$transaction(async (tx) => {
      // The progress update comes first: it locks the batch row, so a cancel waits for this commit
      // (or has won, and this line is dropped).
      const { count } = await tx.sandboxBatch.updateMany({
        where: { ...held(claim, "in_progress"), nextLine: index },
        data: {
          nextLine: index + 1,
          nextOffset: BigInt(line.end),
          completed: { increment: done.ok ? 1 : 0 },
          failed: { increment: done.ok ? 0 : 1 },
          inputTokens: { increment: done.usage.inputTokens },
          cachedTokens: { increment: done.usage.cachedTokens },
          outputTokens: { increment: done.usage.outputTokens },
          reasoningTokens: { increment: done.usage.reasoningTokens },
          leaseUntil: lease,
        },
      });
      if (count !== 1) return false;
      await tx.sandboxBatchLine.create({
        data: { batchId: claim.id, line: index, customId: done.customId, ok: done.ok, result: done.result as object },
      });
      return true;
    });
    if (!committed) return false;
    claim.leaseUntil = lease;
    index++;
    if (Date.now() - started > STEP_MS && index < claim.total) return true;
  }
  const { count } = await prisma.sandboxBatch.updateMany({
    where: held(claim, "in_progress"),
    data: { status: "finalizing", finalizingAt: new Date() },
  });
  if (count === 1) claim.status = "finalizing";
  return count === 1;
}

/** Lines of the batch's results, in input order, as JSONL bytes. */
async function* resultLines(batchId: string, ok: boolean, extra: Record<string, unknown>[] = []): AsyncGenerator<Buffer> {
  const prisma = await db();
  let after = -1;
  for (;;) {
    const rows = await prisma.sandboxBatchLine.findMany({
      where: { batchId, ok, line: { gt: after } },
      orderBy: { line: "asc" },
      take: 500,
      select: { line: true, result: true },
    });
    if (!rows.length) break;
    yield Buffer.from(rows.map((row) => `${JSON.stringify(row.result)}\n`).join(""));
    after = rows[rows.length - 1].line;
  }
  if (extra.length) yield Buffer.from(extra.map((line) => `${JSON.stringify(line)}\n`).join(""));
}

/**
 * Writes the output file (lines that succeeded) and the error file (lines that failed, plus
 * `unrun` ones), each only when it has lines, in the batch's project; then moves the batch to
 * `status` in the same transaction as the files are recorded. The blobs are removed if that fails.
 */
async function writeResults(claim: Claim, from: string[], status: string, unrun: Record<string, unknown>[] = []) {
  const prisma = await db();
  const counts = await prisma.sandboxBatchLine.groupBy({ by: ["ok"], where: { batchId: claim.id }, _count: true });
  const okCount = counts.find((c) => c.ok)?._count ?? 0;
  const errorCount = (counts.find((c) => !c.ok)?._count ?? 0) + unrun.length;
  const written: { id: string; bytes: number; kind: "output" | "error" }[] = [];
  try {
    if (okCount) written.push({ ...(await writeFileContent(Readable.from(resultLines(claim.id, true)))), kind: "output" });
    if (errorCount) written.push({ ...(await writeFileContent(Readable.from(resultLines(claim.id, false, unrun)))), kind: "error" });
    const now = new Date();
    const expiresAt = claim.outputExpiresAfter ? new Date(now.getTime() + claim.outputExpiresAfter * 1000) : null;
    const done = await prisma.$transaction(async (tx) => {
      const { count } = await tx.sandboxBatch.updateMany({
        where: held(claim, from),
        data: {
          status,
          leaseUntil: null,
          outputFileId: written.find((w) => w.kind === "output")?.id ?? null,
          errorFileId: written.find((w) => w.kind === "error")?.id ?? null,
          ...(status === "completed" ? { completedAt: now } : {}),
          ...(status === "cancelled" ? { cancelledAt: now } : {}),
          ...(status === "expired" ? { expiredAt: now, failed: { increment: unrun.length } } : {}),
        },
      });
      if (count !== 1) return false;
      for (const file of written) {
        const filename = `${claim.id}_${file.kind}.jsonl`;
        await recordFile(
          { id: file.id, project: claim.project, purpose: "batch_output", filename, bytes: file.bytes, createdAt: now, expiresAt },
          tx,
        );
      }
      return true;
    });
    if (!done) for (const file of written) await discardFileContent(file.id);
  } catch (error) {
    for (const file of written) await discardFileContent(file.id);
    throw error;
  }
}

/** Past the completion window: lines not run yet go to the error file as `batch_expired`. */
async function expireStep(claim: Claim): Promise<false> {
  const input = await findFile(claim.project, claim.inputFileId);
  const unrun: Record<string, unknown>[] = [];
  if (input && claim.status === "in_progress") {
    let index = claim.nextLine;
    for await (const line of readInputLines(input.id, Number(claim.nextOffset))) {
      if (index++ >= claim.total) break;
      const customId = String((JSON.parse(line.text) as { custom_id?: unknown }).custom_id ?? "");
      unrun.push({
        id: newId.batchRequest(),
        custom_id: customId,
        response: null,
        error: { code: "batch_expired", message: "This request could not be executed before the completion window expired." },
      });
    }
  }
  await writeResults(claim, ["validating", "in_progress"], "expired", unrun);
  return false;
}

async function releaseLease(claim: Claim): Promise<void> {
  const prisma = await db();
  await prisma.sandboxBatch.updateMany({ where: { id: claim.id, leaseUntil: claim.leaseUntil }, data: { leaseUntil: null } });
}

export async function runNextBatchStep(): Promise<boolean> {
  const claim = await claimDueBatch();
  if (!claim) return false;
  try {
    if (!ACTIVE.includes(claim.status)) return true;
    if ((claim.status === "validating" || claim.status === "in_progress") && Date.now() > claim.expiresAt.getTime()) {
      await expireStep(claim);
    } else if (claim.status === "validating") await validateStep(claim);
    else if (claim.status === "in_progress") {
      if (await runStep(claim)) {
        if ((claim.status as string) === "finalizing") await writeResults(claim, ["finalizing"], "completed");
      }
    } else if (claim.status === "finalizing") await writeResults(claim, ["finalizing"], "completed");
    else if (claim.status === "cancelling") await writeResults(claim, ["cancelling"], "cancelled");
  } finally {
    await releaseLease(claim);
  }
  return true;
}

registerSandboxWorker({ name: "batches", tick: runNextBatchStep });
