import "server-only";
import { db } from "@/lib/db/client";
import { calledWithAdminKey } from "../auth";
import type { Route, SandboxContext } from "../context";
import { invalidRequest } from "../errors";
import { BATCH_DISCOUNT, sandboxListPrice } from "./prices";

// GET /organization/usage/{completions,embeddings} and /organization/costs, computed from what the
// sandbox served (SandboxServedCall). An admin key and SANDBOX_API_KEY see the whole organization;
// a project key (each Switchboard project on the sandbox holds one) sees its own project's calls,
// a leniency of the sandbox's (OpenAI wants an admin key) so that every project can compare its
// figures with the bill without one.

const WIDTHS = { "1m": 60, "1h": 3600, "1d": 86_400 } as const;
const LIMITS = { "1m": [60, 1440], "1h": [24, 168], "1d": [7, 31] } as const;
type Width = keyof typeof WIDTHS;

interface Params {
  start: number;
  end: number;
  width: Width;
  limit: number;
  groupBy: Set<string>;
  projectIds: string[];
  apiKeyIds: string[];
  models: string[];
}

function list(url: URL, name: string): string[] {
  return [...url.searchParams.getAll(name), ...url.searchParams.getAll(`${name}[]`)].flatMap((v) => v.split(",")).filter(Boolean);
}

function integer(url: URL, name: string): number | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null) return undefined;
  if (!/^\d+$/.test(raw)) throw invalidRequest(`Invalid value for '${name}': expected an integer.`, name);
  return Number(raw);
}

function params(url: URL, widths: Width[], groups: string[]): Params {
  const start = integer(url, "start_time");
  if (start === undefined) throw invalidRequest("Missing required parameter: 'start_time'.", "start_time");
  const width = (url.searchParams.get("bucket_width") ?? "1d") as Width;
  if (!widths.includes(width))
    throw invalidRequest(`Invalid value for 'bucket_width': expected one of ${widths.join(", ")}.`, "bucket_width");
  const [defaultLimit, maxLimit] = LIMITS[width];
  const limit = integer(url, "limit") ?? defaultLimit;
  if (limit < 1 || limit > maxLimit) throw invalidRequest(`Invalid value for 'limit': must be between 1 and ${maxLimit}.`, "limit");
  const page = url.searchParams.get("page");
  const groupBy = new Set(list(url, "group_by"));
  for (const group of groupBy) if (!groups.includes(group)) throw invalidRequest(`Invalid value for 'group_by': ${group}.`, "group_by");
  const from = page ? Number(page) : start;
  if (!Number.isFinite(from)) throw invalidRequest("Invalid value for 'page'.", "page");
  return {
    start: from,
    end: integer(url, "end_time") ?? Math.ceil(Date.now() / 1000),
    width,
    limit,
    groupBy,
    projectIds: list(url, "project_ids"),
    apiKeyIds: list(url, "api_key_ids"),
    models: list(url, "models"),
  };
}

interface Served {
  bucket: number;
  project: string;
  keyId: string | null;
  model: string;
  batch: boolean;
  requests: number;
  inputTokens: number;
  cachedTokens: number;
  outputTokens: number;
}

// Calls made with SANDBOX_API_KEY belong to no project of the organization.
const projectOf = (row: { project: string }) => row.project || "proj_default";

/** The project a caller may read the usage of, or null for the whole organization. */
function visibleProject(ctx: SandboxContext): string | null {
  return calledWithAdminKey(ctx.request) || ctx.keyId === null ? null : ctx.project;
}

async function served(ctx: SandboxContext, p: Params, kind: "completions" | "embeddings" | null, lastBucket: number) {
  const prisma = await db();
  const width = WIDTHS[p.width];
  const rows = await prisma.$queryRawUnsafe<Record<string, string | null>[]>(
    `SELECT (floor(extract(epoch FROM "createdAt") / $1::int) * $1::int)::bigint::text AS bucket, "project", "keyId", "model", "batch"::text AS batch,
            count(*)::text AS requests, sum("inputTokens")::text AS "inputTokens",
            sum("cachedTokens")::text AS "cachedTokens", sum("outputTokens")::text AS "outputTokens"
     FROM "SandboxServedCall"
     WHERE "createdAt" >= to_timestamp($2::double precision) AT TIME ZONE 'UTC' AND "createdAt" < to_timestamp($3::double precision) AT TIME ZONE 'UTC'
       AND ($4::text IS NULL OR "kind" = $4) AND ($5::text IS NULL OR "project" = $5)
     GROUP BY 1, 2, 3, 4, 5`,
    width,
    p.start,
    lastBucket,
    kind,
    visibleProject(ctx),
  );
  return rows
    .map(
      (row): Served => ({
        bucket: Number(row.bucket),
        project: row.project ?? "",
        keyId: row.keyId,
        model: row.model ?? "",
        batch: row.batch === "true",
        requests: Number(row.requests),
        inputTokens: Number(row.inputTokens),
        cachedTokens: Number(row.cachedTokens),
        outputTokens: Number(row.outputTokens),
      }),
    )
    .filter(
      (row) =>
        (!p.projectIds.length || p.projectIds.includes(projectOf(row))) &&
        (!p.apiKeyIds.length || (row.keyId !== null && p.apiKeyIds.includes(row.keyId))) &&
        (!p.models.length || p.models.includes(row.model)),
    );
}

/** Buckets from the page's start, `limit` of them or up to end_time, each with its grouped results. */
async function page<R>(ctx: SandboxContext, p: Params, kind: "completions" | "embeddings" | null, results: (rows: Served[]) => R[]) {
  const width = WIDTHS[p.width];
  const first = Math.floor(p.start / width) * width;
  const starts: number[] = [];
  for (let t = first; t < p.end && starts.length < p.limit; t += width) starts.push(t);
  const stop = starts.length ? starts[starts.length - 1] + width : first;
  const rows = await served(ctx, p, kind, stop);
  const hasMore = stop < p.end;
  return {
    object: "page",
    data: starts.map((start) => ({
      object: "bucket",
      start_time: start,
      end_time: start + width,
      results: results(rows.filter((row) => row.bucket === start)),
    })),
    has_more: hasMore,
    next_page: hasMore ? String(stop) : null,
  };
}

/** Sums rows sharing the requested group_by fields. */
function grouped(rows: Served[], groupBy: Set<string>) {
  const groups = new Map<string, Served[]>();
  for (const row of rows) {
    const key = [
      groupBy.has("project_id") ? projectOf(row) : "",
      groupBy.has("api_key_id") ? row.keyId : "",
      groupBy.has("model") ? row.model : "",
      groupBy.has("batch") ? String(row.batch) : "",
    ].join("|");
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups.values()].map((members) => {
    const one = members[0];
    const sum = (field: "requests" | "inputTokens" | "cachedTokens" | "outputTokens") => members.reduce((n, r) => n + r[field], 0);
    return {
      requests: sum("requests"),
      inputTokens: sum("inputTokens"),
      cachedTokens: sum("cachedTokens"),
      outputTokens: sum("outputTokens"),
      project_id: groupBy.has("project_id") ? projectOf(one) : null,
      api_key_id: groupBy.has("api_key_id") ? one.keyId : null,
      model: groupBy.has("model") ? one.model : null,
      batch: groupBy.has("batch") ? one.batch : null,
    };
  });
}

const USAGE_GROUPS = ["project_id", "user_id", "api_key_id", "model", "batch", "service_tier"];

export const routes: Route[] = [
  {
    method: "GET",
    pattern: /^\/organization\/usage\/completions$/,
    handle: async (ctx) => {
      const p = params(ctx.url, ["1m", "1h", "1d"], USAGE_GROUPS);
      return page(ctx, p, "completions", (rows) =>
        rows.length === 0
          ? []
          : grouped(rows, p.groupBy).map((g) => ({
              object: "organization.usage.completions.result",
              input_tokens: g.inputTokens,
              input_cached_tokens: g.cachedTokens,
              output_tokens: g.outputTokens,
              input_audio_tokens: 0,
              output_audio_tokens: 0,
              num_model_requests: g.requests,
              project_id: g.project_id,
              user_id: null,
              api_key_id: g.api_key_id,
              model: g.model,
              batch: g.batch,
              service_tier: p.groupBy.has("service_tier") ? "default" : null,
            })),
      );
    },
  },
  {
    method: "GET",
    pattern: /^\/organization\/usage\/embeddings$/,
    handle: async (ctx) => {
      const p = params(ctx.url, ["1m", "1h", "1d"], ["project_id", "user_id", "api_key_id", "model"]);
      return page(ctx, p, "embeddings", (rows) =>
        rows.length === 0
          ? []
          : grouped(rows, p.groupBy).map((g) => ({
              object: "organization.usage.embeddings.result",
              input_tokens: g.inputTokens,
              num_model_requests: g.requests,
              project_id: g.project_id,
              user_id: null,
              api_key_id: g.api_key_id,
              model: g.model,
            })),
      );
    },
  },
  {
    method: "GET",
    pattern: /^\/organization\/costs$/,
    handle: async (ctx) => {
      const p = params(ctx.url, ["1d"], ["project_id", "line_item", "api_key_id"]);
      // Priced per model, and batch requests at half the price (the Batch API's discount); then
      // summed into the groups asked for.
      const byModel = new Set(["model", "batch", ...p.groupBy]);
      return page(ctx, p, null, (rows) => {
        const results: Record<string, unknown>[] = [];
        const lines = grouped(rows, byModel).flatMap((g) => {
          const price = sandboxListPrice(g.model ?? "");
          const rate = g.batch ? BATCH_DISCOUNT : 1;
          const amounts: [string, number][] = price
            ? [
                ["input", ((g.inputTokens - g.cachedTokens) * price.input * rate) / 1e6],
                ["cached input", (g.cachedTokens * price.cachedInput * rate) / 1e6],
                ["output", (g.outputTokens * price.output * rate) / 1e6],
              ]
            : [];
          return amounts.map(([part, value]) => ({ ...g, line: `${g.model}, ${part}${g.batch ? " (batch)" : ""}`, value }));
        });
        const merged = new Map<string, { value: number; line: string | null; project: string | null; key: string | null }>();
        for (const line of lines) {
          const lineItem = p.groupBy.has("line_item") ? line.line : null;
          const id = [lineItem, line.project_id, line.api_key_id].join("|");
          const entry = merged.get(id) ?? { value: 0, line: lineItem, project: line.project_id, key: line.api_key_id };
          entry.value += line.value;
          merged.set(id, entry);
        }
        for (const entry of merged.values()) {
          if (entry.value === 0 && entry.line?.endsWith("output")) continue;
          results.push({
            object: "organization.costs.result",
            amount: { value: Math.round(entry.value * 1e9) / 1e9, currency: "usd" },
            line_item: entry.line,
            project_id: entry.project,
            api_key_id: entry.key,
          });
        }
        return results;
      });
    },
  },
];
