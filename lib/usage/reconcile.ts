import "server-only";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/http/errors";
import { upstreamErrorText } from "@/lib/upstream/openai-error";
import { readLimited } from "@/lib/upstream/request-body";
import { targetFor, type UpstreamTarget } from "@/lib/upstream/target";
import { sendUpstream } from "@/lib/upstream/transport";
import { nextDay, usageReport } from "./query";

// Our figures next to the upstream's own bill: per UTC day and model, the tokens and cost we
// recorded and those the organization's /organization/usage/* and /organization/costs report.
// Fetched when asked (nothing is copied into our database), server-side with the connection's
// admin key: the console proxy refuses /organization paths, and the key never leaves the server.

export interface ReconcileFigures {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

export interface ReconcileRow {
  day: string;
  model: string;
  ours: ReconcileFigures;
  theirs: ReconcileFigures;
  /** What differs: tokens (traffic that did not go through Switchboard) or cost only (a price that is wrong). */
  difference: "none" | "tokens" | "cost";
}

export interface Reconciliation {
  from: string;
  to: string;
  scope: string;
  rows: ReconcileRow[];
}

const empty = (): ReconcileFigures => ({ requests: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 });
const MAX_PAGES = 20;

async function adminTarget(projectId: string): Promise<{ target: UpstreamTarget; scope: string; projectFilter: string | null }> {
  const prisma = await db();
  const row = await prisma.upstreamConnection.findUnique({ where: { projectId } });
  if (!row) throw new AppError("conflict", "This project has no API connection");
  let key: string | null;
  let scope: string;
  if (row.kind === "sandbox") {
    // The sandbox's organization endpoints accept the project's own sandbox key and answer for
    // the calls made with it (lib/sandbox/organization/usage-routes.ts).
    key = row.apiKeySealed ? decryptSecret(row.apiKeySealed) : null;
    scope = "the calls the sandbox served with this project's key";
  } else if (row.kind === "openai" || row.kind === "compatible") {
    if (!row.adminKeySealed) {
      throw new AppError(
        "conflict",
        "Comparing with the upstream's bill needs an admin key: add one under Settings → API connection → Advanced",
      );
    }
    key = decryptSecret(row.adminKeySealed);
    scope = row.openaiProject ? `OpenAI project ${row.openaiProject}` : "the whole organization (the connection names no OpenAI project)";
  } else {
    throw new AppError("conflict", "Azure OpenAI has no organization usage API to compare with");
  }
  if (!key) throw new AppError("conflict", "This project's connection has no key");
  const target = targetFor({ kind: row.kind, baseUrl: row.baseUrl, apiKey: key, organization: row.organization });
  return { target, scope, projectFilter: row.kind === "sandbox" ? null : row.openaiProject };
}

interface Bucket {
  start_time: number;
  results: Record<string, unknown>[];
}

async function fetchBuckets(target: UpstreamTarget, path: string, query: URLSearchParams): Promise<Bucket[]> {
  const buckets: Bucket[] = [];
  let page: string | null = null;
  for (let n = 0; n < MAX_PAGES; n++) {
    const search = new URLSearchParams(query);
    if (page) search.set("page", page);
    const reply = await sendUpstream(target, {
      method: "GET",
      path,
      search: search.toString(),
      headers: { ...target.headers, accept: "application/json" },
      body: null,
      headersTimeoutMs: 30_000,
      bodyTimeoutMs: 30_000,
    }).catch((error) => {
      throw new AppError("unavailable", `The upstream could not be reached: ${error instanceof Error ? error.message : "network error"}`);
    });
    const text = (await readLimited(reply.body, 16 * 1024 * 1024)).toString("utf8");
    if (reply.status >= 400) {
      const message = JSON.parse(upstreamErrorText(reply.status, text, target.secrets))?.error?.message ?? `status ${reply.status}`;
      throw new AppError("unavailable", `The upstream refused ${path} (${reply.status}): ${message}`);
    }
    const body = JSON.parse(text) as { data?: Bucket[]; has_more?: boolean; next_page?: string | null };
    buckets.push(...(body.data ?? []));
    if (!body.has_more || !body.next_page) break;
    page = body.next_page;
  }
  return buckets;
}

const utcDay = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);

export async function reconcile(projectId: string, from: string, to: string): Promise<Reconciliation> {
  const { target, scope, projectFilter } = await adminTarget(projectId);
  const start = Date.parse(`${from}T00:00:00Z`) / 1000;
  const end = Date.parse(`${nextDay(to)}T00:00:00Z`) / 1000;
  const query = new URLSearchParams({ start_time: String(start), end_time: String(end), bucket_width: "1d", limit: "31" });
  if (projectFilter) query.append("project_ids", projectFilter);
  const grouped = (group: string) => {
    const q = new URLSearchParams(query);
    q.append("group_by", group);
    return q;
  };
  const [completions, embeddings, costs, ours] = await Promise.all([
    fetchBuckets(target, "/organization/usage/completions", grouped("model")),
    fetchBuckets(target, "/organization/usage/embeddings", grouped("model")),
    fetchBuckets(target, "/organization/costs", grouped("line_item")),
    usageReport({ from, to, tz: "UTC", groupBy: "model" } as Parameters<typeof usageReport>[0], { projectIds: [projectId] }),
  ]);

  const rows = new Map<string, ReconcileRow>();
  const at = (day: string, model: string) => {
    const id = `${day}|${model}`;
    let row = rows.get(id);
    if (!row) {
      row = { day, model, ours: empty(), theirs: empty(), difference: "none" };
      rows.set(id, row);
    }
    return row;
  };
  for (const row of ours.rows) {
    if (!row.group) continue; // calls without a model (files, vector stores…) are not billed per model
    const r = at(row.day, row.group);
    r.ours.requests += row.requests - row.errors;
    r.ours.inputTokens += row.inputTokens;
    r.ours.outputTokens += row.outputTokens;
    r.ours.costUsd += Number(row.costNanoUsd) / 1e9;
  }
  for (const bucket of [...completions, ...embeddings]) {
    for (const result of bucket.results) {
      const r = at(utcDay(bucket.start_time), String(result.model ?? "(all models)"));
      r.theirs.requests += Number(result.num_model_requests ?? 0);
      r.theirs.inputTokens += Number(result.input_tokens ?? 0);
      r.theirs.outputTokens += Number(result.output_tokens ?? 0);
    }
  }
  for (const bucket of costs) {
    for (const result of bucket.results) {
      // Line items read "<model>, input" / "…, cached input" / "…, output".
      const line = String(result.line_item ?? "");
      const model = line.includes(",") ? line.slice(0, line.lastIndexOf(",")).trim() : line || "(other)";
      const amount = result.amount as { value?: number } | undefined;
      at(utcDay(bucket.start_time), model).theirs.costUsd += Number(amount?.value ?? 0);
    }
  }
  for (const row of rows.values()) {
    const tokensDiffer = row.ours.inputTokens !== row.theirs.inputTokens || row.ours.outputTokens !== row.theirs.outputTokens;
    const costDiffer =
      Math.abs(row.ours.costUsd - row.theirs.costUsd) > Math.max(0.000001, 0.01 * Math.max(row.ours.costUsd, row.theirs.costUsd));
    row.difference = tokensDiffer ? "tokens" : costDiffer ? "cost" : "none";
  }
  return {
    from,
    to,
    scope,
    rows: [...rows.values()].sort((a, b) => (a.day === b.day ? a.model.localeCompare(b.model) : a.day < b.day ? -1 : 1)),
  };
}
