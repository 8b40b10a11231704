import "server-only";
import { db } from "@/lib/db/client";
import type { SandboxRateLimit, SandboxSpendAlert } from "@/lib/generated/prisma/client";
import type { Route, SandboxContext } from "../context";
import { invalidRequest, missingParameter, notFound } from "../errors";
import { newId } from "../ids";
import { SANDBOX_MODELS } from "../models";
import { listParams } from "../pagination";
import { requireAdminKey } from "./auth";
import { pageOf, requireActiveProject, requireProject } from "./store";

// A project's rate limits per model, its hard spend limit and its spend alerts. The sandbox keeps
// and returns them; it does not enforce them (its traffic costs nothing).

const RATE_FIELDS = {
  max_requests_per_1_minute: "maxRequestsPer1Minute",
  max_tokens_per_1_minute: "maxTokensPer1Minute",
  max_requests_per_1_day: "maxRequestsPer1Day",
  batch_1_day_max_input_tokens: "batch1DayMaxInputTokens",
} as const;
type RateField = keyof typeof RATE_FIELDS;
type RateValues = Record<RateField, number>;

/** The organization's limits: a project may lower them, never raise them. */
function organizationLimits(model: (typeof SANDBOX_MODELS)[number]): RateValues {
  const embedding = model.kind === "embedding";
  return {
    max_requests_per_1_minute: 10_000,
    max_tokens_per_1_minute: embedding ? 10_000_000 : 30_000_000,
    max_requests_per_1_day: 14_400_000,
    batch_1_day_max_input_tokens: embedding ? 500_000_000 : 1_000_000_000,
  };
}

function rateLimitObject(model: (typeof SANDBOX_MODELS)[number], row: SandboxRateLimit | undefined) {
  const limits = organizationLimits(model);
  return {
    object: "project.rate_limit" as const,
    id: `rl-${model.id}`,
    model: model.id,
    max_requests_per_1_minute: row?.maxRequestsPer1Minute ?? limits.max_requests_per_1_minute,
    max_tokens_per_1_minute: row?.maxTokensPer1Minute ?? limits.max_tokens_per_1_minute,
    max_requests_per_1_day: row?.maxRequestsPer1Day ?? limits.max_requests_per_1_day,
    batch_1_day_max_input_tokens: row?.batch1DayMaxInputTokens ?? limits.batch_1_day_max_input_tokens,
  };
}

async function listRateLimits(ctx: SandboxContext) {
  requireAdminKey(ctx);
  const project = (await requireProject(ctx.params[0])).id;
  const prisma = await db();
  const rows = new Map((await prisma.sandboxRateLimit.findMany({ where: { project } })).map((row) => [row.model, row]));
  const all = SANDBOX_MODELS.map((model) => rateLimitObject(model, rows.get(model.id)));
  const params = listParams(ctx.url, { limit: 100, order: "asc" });
  let start = 0;
  if (params.after !== undefined) {
    start = all.findIndex((limit) => limit.id === params.after) + 1;
    if (start === 0) throw invalidRequest(`No such rate limit: ${params.after}`, "after");
  }
  const data = all.slice(start, start + params.limit);
  return {
    object: "list",
    data,
    first_id: data[0]?.id ?? null,
    last_id: data.at(-1)?.id ?? null,
    has_more: start + params.limit < all.length,
  };
}

async function updateRateLimit(ctx: SandboxContext) {
  requireAdminKey(ctx);
  const project = (await requireActiveProject(ctx.params[0])).id;
  const id = ctx.params[1];
  const model = SANDBOX_MODELS.find((candidate) => `rl-${candidate.id}` === id);
  if (!model) throw notFound(`No such rate limit: ${id}`, "rate_limit_id", "not_found");
  const body = await ctx.json();
  const prisma = await db();
  const current = rateLimitObject(
    model,
    (await prisma.sandboxRateLimit.findUnique({ where: { project_model: { project, model: model.id } } })) ?? undefined,
  );
  const limits = organizationLimits(model);
  const next = { ...current };
  for (const field of Object.keys(RATE_FIELDS) as RateField[]) {
    const value = body[field];
    if (value === undefined) continue;
    if (typeof value !== "number" || !Number.isInteger(value)) {
      throw invalidRequest(
        `Invalid type for '${field}': expected an integer, but got ${JSON.stringify(value)} instead.`,
        field,
        "invalid_type",
      );
    }
    if (value < 1)
      throw invalidRequest(
        `Invalid '${field}': integer below minimum value. Expected a value >= 1, but got ${value} instead.`,
        field,
        "integer_below_min_value",
      );
    if (value > limits[field]) {
      throw invalidRequest(
        `Invalid '${field}': a project's rate limit cannot exceed the organization's limit of ${limits[field]} for ${model.id}.`,
        field,
        "integer_above_max_value",
      );
    }
    next[field] = value;
  }
  const data = {
    maxRequestsPer1Minute: next.max_requests_per_1_minute,
    maxTokensPer1Minute: next.max_tokens_per_1_minute,
    maxRequestsPer1Day: next.max_requests_per_1_day,
    batch1DayMaxInputTokens: next.batch_1_day_max_input_tokens,
  };
  const row = await prisma.sandboxRateLimit.upsert({
    where: { project_model: { project, model: model.id } },
    create: { project, model: model.id, ...data },
    update: data,
  });
  return rateLimitObject(model, row);
}

function requireUsdMonth(body: Record<string, unknown>): void {
  if (body.currency === undefined) throw missingParameter("currency");
  if (body.currency !== "USD") throw invalidRequest(`Invalid 'currency': only 'USD' is supported.`, "currency", "invalid_value");
  if (body.interval === undefined) throw missingParameter("interval");
  if (body.interval !== "month") throw invalidRequest(`Invalid 'interval': only 'month' is supported.`, "interval", "invalid_value");
}

function requireAmount(body: Record<string, unknown>, minimum: number): number {
  const value = body.threshold_amount;
  if (value === undefined) throw missingParameter("threshold_amount");
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw invalidRequest("Invalid type for 'threshold_amount': expected an integer (cents).", "threshold_amount", "invalid_type");
  }
  if (value < minimum || value > 2_000_000_000) {
    throw invalidRequest(
      `Invalid 'threshold_amount': expected a value between ${minimum} and 2000000000 cents.`,
      "threshold_amount",
      "invalid_value",
    );
  }
  return value;
}

function spendLimitObject(cents: number) {
  return {
    object: "project.spend_limit",
    threshold_amount: cents,
    currency: "USD",
    interval: "month",
    enforcement: { status: "inactive" },
  };
}

async function getSpendLimit(ctx: SandboxContext) {
  requireAdminKey(ctx);
  const project = await requireProject(ctx.params[0]);
  if (project.spendLimitCents === null) throw notFound(`No spend limit is set for project ${project.id}.`, null, "not_found");
  return spendLimitObject(project.spendLimitCents);
}

async function setSpendLimit(ctx: SandboxContext) {
  requireAdminKey(ctx);
  const project = await requireActiveProject(ctx.params[0]);
  const body = await ctx.json();
  const cents = requireAmount(body, 1);
  requireUsdMonth(body);
  const prisma = await db();
  await prisma.sandboxProject.update({ where: { id: project.id }, data: { spendLimitCents: cents } });
  return spendLimitObject(cents);
}

async function deleteSpendLimit(ctx: SandboxContext) {
  requireAdminKey(ctx);
  const project = await requireActiveProject(ctx.params[0]);
  if (project.spendLimitCents === null) throw notFound(`No spend limit is set for project ${project.id}.`, null, "not_found");
  const prisma = await db();
  await prisma.sandboxProject.update({ where: { id: project.id }, data: { spendLimitCents: null } });
  return { object: "project.spend_limit.deleted", deleted: true };
}

function alertObject(row: SandboxSpendAlert) {
  return {
    id: row.id,
    object: "project.spend_alert" as const,
    threshold_amount: row.thresholdAmount,
    currency: "USD" as const,
    interval: "month" as const,
    notification_channel: { type: "email" as const, recipients: row.recipients as string[], subject_prefix: row.subjectPrefix },
  };
}

function alertFields(body: Record<string, unknown>) {
  const thresholdAmount = requireAmount(body, 0);
  requireUsdMonth(body);
  const channel = body.notification_channel as { type?: unknown; recipients?: unknown; subject_prefix?: unknown } | undefined;
  if (!channel || typeof channel !== "object") throw missingParameter("notification_channel");
  if (channel.type !== "email")
    throw invalidRequest("Invalid 'notification_channel.type': only 'email' is supported.", "notification_channel.type", "invalid_value");
  const recipients = channel.recipients;
  if (!Array.isArray(recipients) || recipients.length === 0 || recipients.length > 20) {
    throw invalidRequest(
      "Invalid 'notification_channel.recipients': expected 1 to 20 email addresses.",
      "notification_channel.recipients",
      "invalid_value",
    );
  }
  for (const email of recipients) {
    if (typeof email !== "string" || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
      throw invalidRequest(
        `Invalid email address in 'notification_channel.recipients': ${JSON.stringify(email)}.`,
        "notification_channel.recipients",
        "invalid_value",
      );
    }
  }
  const prefix = channel.subject_prefix;
  if (prefix !== undefined && prefix !== null && (typeof prefix !== "string" || prefix.length > 100)) {
    throw invalidRequest(
      "Invalid 'notification_channel.subject_prefix': expected a string of at most 100 characters.",
      "notification_channel.subject_prefix",
      "invalid_value",
    );
  }
  return { thresholdAmount, recipients: recipients as string[], subjectPrefix: (prefix as string | null | undefined) || null };
}

async function requireAlert(project: string, id: string): Promise<SandboxSpendAlert> {
  const prisma = await db();
  const row = await prisma.sandboxSpendAlert.findFirst({ where: { id, project } });
  if (!row) throw notFound(`No such spend alert: ${id}`, "alert_id", "not_found");
  return row;
}

async function listAlerts(ctx: SandboxContext) {
  requireAdminKey(ctx);
  const project = (await requireProject(ctx.params[0])).id;
  const prisma = await db();
  const params = listParams(ctx.url, { limit: 20, order: "asc" });
  const page = await pageOf(
    params,
    (id) => prisma.sandboxSpendAlert.findFirst({ where: { id, project }, select: { id: true, createdAt: true } }),
    ({ where, orderBy, take }) => prisma.sandboxSpendAlert.findMany({ where: { AND: [{ project }, where] }, orderBy: [...orderBy], take }),
    "spend alert",
  );
  return { ...page, data: page.data.map(alertObject) };
}

async function createAlert(ctx: SandboxContext) {
  requireAdminKey(ctx);
  const project = (await requireActiveProject(ctx.params[0])).id;
  const fields = alertFields(await ctx.json());
  const prisma = await db();
  return alertObject(await prisma.sandboxSpendAlert.create({ data: { id: newId.spendAlert(), project, ...fields } }));
}

async function retrieveAlert(ctx: SandboxContext) {
  requireAdminKey(ctx);
  const project = (await requireProject(ctx.params[0])).id;
  return alertObject(await requireAlert(project, ctx.params[1]));
}

async function updateAlert(ctx: SandboxContext) {
  requireAdminKey(ctx);
  const project = (await requireActiveProject(ctx.params[0])).id;
  const alert = await requireAlert(project, ctx.params[1]);
  const fields = alertFields(await ctx.json());
  const prisma = await db();
  return alertObject(await prisma.sandboxSpendAlert.update({ where: { id: alert.id }, data: fields }));
}

async function deleteAlert(ctx: SandboxContext) {
  requireAdminKey(ctx);
  const project = (await requireActiveProject(ctx.params[0])).id;
  const alert = await requireAlert(project, ctx.params[1]);
  const prisma = await db();
  await prisma.sandboxSpendAlert.delete({ where: { id: alert.id } });
  return { id: alert.id, object: "project.spend_alert.deleted", deleted: true };
}

const ID = "([^/]+)";
const P = `^/organization/projects/${ID}`;

export const routes: Route[] = [
  { method: "GET", pattern: new RegExp(`${P}/rate_limits$`), handle: listRateLimits },
  { method: "POST", pattern: new RegExp(`${P}/rate_limits/${ID}$`), handle: updateRateLimit },
  { method: "GET", pattern: new RegExp(`${P}/spend_limit$`), handle: getSpendLimit },
  { method: "POST", pattern: new RegExp(`${P}/spend_limit$`), handle: setSpendLimit },
  { method: "DELETE", pattern: new RegExp(`${P}/spend_limit$`), handle: deleteSpendLimit },
  { method: "GET", pattern: new RegExp(`${P}/spend_alerts$`), handle: listAlerts },
  { method: "POST", pattern: new RegExp(`${P}/spend_alerts$`), handle: createAlert },
  { method: "GET", pattern: new RegExp(`${P}/spend_alerts/${ID}$`), handle: retrieveAlert },
  { method: "POST", pattern: new RegExp(`${P}/spend_alerts/${ID}$`), handle: updateAlert },
  { method: "DELETE", pattern: new RegExp(`${P}/spend_alerts/${ID}$`), handle: deleteAlert },
];
