import "server-only";
import { db } from "@/lib/db/client";
import { registerSandboxWorker } from "../workers";
import { prepareResponse } from "./create";
import { runInBackground } from "./execute";
import { BACKGROUND_LEASE_MS, type ResponseBody, updateResponse } from "./store";

// Background responses outlive the process that accepted them: a run whose lease lapsed (its
// process stopped mid-run) is claimed here, re-prepared from its stored request under the same id
// and creation time, and run again from the start. The claim is atomic (SKIP LOCKED), so two
// processes never resume the same response.

interface Orphan {
  id: string;
  project: string;
  request: Record<string, unknown>;
  body: ResponseBody;
}

async function claimOrphan(): Promise<Orphan | null> {
  const prisma = await db();
  const rows = await prisma.$queryRaw<Orphan[]>`
    WITH due AS MATERIALIZED (
      SELECT "id" FROM "SandboxResponse"
      WHERE "status" IN ('queued', 'in_progress') AND "request" IS NOT NULL
        AND ("leaseUntil" IS NULL OR "leaseUntil" < now() AT TIME ZONE 'UTC')
      ORDER BY "createdAt", "id"
      LIMIT 1
      FOR UPDATE SKIP LOCKED
    )
    UPDATE "SandboxResponse" AS r
    SET "status" = 'queued', "leaseUntil" = (now() AT TIME ZONE 'UTC') + make_interval(secs => ${BACKGROUND_LEASE_MS / 1000})
    FROM due
    WHERE r."id" = due."id"
    RETURNING r."id", r."project", r."request", r."body"`;
  return rows[0] ?? null;
}

export async function resumeNextBackgroundResponse(): Promise<boolean> {
  const orphan = await claimOrphan();
  if (!orphan) return false;
  try {
    const { run } = await prepareResponse(orphan.project, orphan.request, { id: orphan.id, createdAt: Number(orphan.body.created_at) });
    run.body.status = "queued";
    await runInBackground(run);
  } catch (error) {
    // Accepted once, the request can still fail now (its previous response was deleted meanwhile):
    // the response fails, as a real one whose run broke would.
    const message = error instanceof Error ? error.message : "The background run could not be resumed.";
    await updateResponse({ ...orphan.body, status: "failed", error: { code: "server_error", message } }, ["queued", "in_progress"]);
  }
  return true;
}

registerSandboxWorker({ name: "responses-background-resume", tick: resumeNextBackgroundResponse });
