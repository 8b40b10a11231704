import "server-only";
import type { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import type { SessionUser } from "@/lib/auth/session";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/http/errors";
import type { RequestMeta } from "@/lib/http/handler";
import { clientFor } from "./connections";
import { describeUpstreamError } from "./errors";
import type {
  addProjectUserInput,
  CreatedServiceAccount,
  createOrgProjectInput,
  createServiceAccountInput,
  OrgApiKey,
  OrgPage,
  OrgProject,
  OrgProjectUser,
  OrgRateLimit,
  OrgServiceAccount,
  OrgSpendAlert,
  OrgSpendLimit,
  rateLimitInput,
  spendAlertInput,
  spendLimitInput,
  updateOrgProjectInput,
  updateProjectUserInput,
} from "./schema";

// Admin → OpenAI organization, on the server: each operation calls the Admin API with the chosen
// connection's admin key and writes what changed to the audit log (never a key, nor a key's value).

export interface Caller {
  via: string;
  actor: SessionUser;
  meta: RequestMeta;
}

type Client = Awaited<ReturnType<typeof clientFor>>["client"];

async function withClient<T>(via: string, run: (client: Client) => Promise<T>): Promise<T> {
  const { client, connection } = await clientFor(via);
  try {
    return await run(client);
  } catch (error) {
    throw describeUpstreamError(error, connection.fields.adminKey);
  }
}

async function audit(caller: Caller, action: string, openaiProjectId: string, details: { before?: object | null; after?: object | null }) {
  await recordAudit({
    actorId: caller.actor.id,
    action,
    targetType: "openai_project",
    targetId: openaiProjectId,
    before: (details.before ?? null) as never,
    after: { via: caller.via, ...(details.after ?? {}) } as never,
    ...caller.meta,
  });
}

function page<T>(result: { data: T[]; has_more: boolean }, id: (item: T) => string): OrgPage<T> {
  return { data: result.data, has_more: result.has_more, last_id: result.data.length ? id(result.data[result.data.length - 1]) : null };
}

export async function listOrgProjects(via: string, options: { after?: string; includeArchived?: boolean }): Promise<OrgPage<OrgProject>> {
  return withClient(via, async (client) => {
    const result = await client.admin.organization.projects.list({
      limit: 100,
      ...(options.after ? { after: options.after } : {}),
      include_archived: options.includeArchived ?? false,
    });
    return page(result as unknown as { data: OrgProject[]; has_more: boolean }, (p) => p.id);
  });
}

export async function getOrgProject(via: string, id: string): Promise<OrgProject> {
  return withClient(via, async (client) => (await client.admin.organization.projects.retrieve(id)) as OrgProject);
}

export async function createOrgProject(caller: Caller, input: z.infer<typeof createOrgProjectInput>): Promise<OrgProject> {
  const project = await withClient(
    caller.via,
    async (client) => (await client.admin.organization.projects.create({ name: input.name })) as OrgProject,
  );
  await audit(caller, "openai.project.create", project.id, { after: { name: project.name } });
  return project;
}

export async function updateOrgProject(caller: Caller, id: string, input: z.infer<typeof updateOrgProjectInput>): Promise<OrgProject> {
  return withClient(caller.via, async (client) => {
    const before = (await client.admin.organization.projects.retrieve(id)) as OrgProject;
    if ("archived" in input) {
      const after = (await client.admin.organization.projects.archive(id)) as OrgProject;
      await audit(caller, "openai.project.archive", id, { before: { status: before.status }, after: { status: after.status } });
      return after;
    }
    const after = (await client.admin.organization.projects.update(id, { name: input.name })) as OrgProject;
    await audit(caller, "openai.project.rename", id, { before: { name: before.name }, after: { name: after.name } });
    return after;
  });
}

export async function listProjectUsers(via: string, id: string): Promise<OrgProjectUser[]> {
  return withClient(
    via,
    async (client) => (await client.admin.organization.projects.users.list(id, { limit: 100 })).data as OrgProjectUser[],
  );
}

export async function addProjectUser(caller: Caller, id: string, input: z.infer<typeof addProjectUserInput>): Promise<OrgProjectUser> {
  const user = await withClient(
    caller.via,
    async (client) =>
      (await client.admin.organization.projects.users.create(id, { email: input.email, role: input.role })) as OrgProjectUser,
  );
  await audit(caller, "openai.project_user.add", id, { after: { userId: user.id, email: user.email, role: user.role } });
  return user;
}

export async function updateProjectUser(caller: Caller, id: string, userId: string, input: z.infer<typeof updateProjectUserInput>) {
  return withClient(caller.via, async (client) => {
    const before = await client.admin.organization.projects.users.retrieve(userId, { project_id: id });
    const after = (await client.admin.organization.projects.users.update(userId, { project_id: id, role: input.role })) as OrgProjectUser;
    await audit(caller, "openai.project_user.update", id, { before: { userId, role: before.role }, after: { userId, role: after.role } });
    return after;
  });
}

export async function removeProjectUser(caller: Caller, id: string, userId: string): Promise<void> {
  await withClient(caller.via, async (client) => {
    const before = await client.admin.organization.projects.users.retrieve(userId, { project_id: id });
    await client.admin.organization.projects.users.delete(userId, { project_id: id });
    await audit(caller, "openai.project_user.remove", id, { before: { userId, email: before.email, role: before.role } });
  });
}

/**
 * The Switchboard projects whose connection uses a key, found by the key's redacted form (its
 * visible start and end): the Admin API never shows more of a key than that.
 */
async function keysInUse(via: string): Promise<{ projectId: string; projectName: string; key: string }[]> {
  const prisma = await db();
  const viaRow = await prisma.upstreamConnection.findUnique({ where: { projectId: via }, select: { kind: true, baseUrl: true } });
  if (!viaRow) return [];
  const rows = await prisma.upstreamConnection.findMany({
    where: { kind: viaRow.kind, baseUrl: viaRow.baseUrl, apiKeySealed: { not: null } },
    select: { projectId: true, apiKeySealed: true, project: { select: { name: true } } },
  });
  return rows.flatMap((row) => {
    try {
      return [{ projectId: row.projectId, projectName: row.project.name, key: decryptSecret(row.apiKeySealed as string) }];
    } catch {
      return [];
    }
  });
}

export function redactedMatches(redacted: string, key: string): boolean {
  const [head, tail] = redacted.split(/\*+|\.{3}|…/);
  if (tail === undefined || head.length + tail.length < 6) return false;
  return key.startsWith(head) && key.endsWith(tail) && key.length >= head.length + tail.length;
}

function inUseBy(redacted: string, used: { projectId: string; projectName: string; key: string }[]) {
  const found = used.find((entry) => redactedMatches(redacted, entry.key));
  return found ? { projectId: found.projectId, projectName: found.projectName } : null;
}

export async function listApiKeys(via: string, id: string, after?: string): Promise<OrgPage<OrgApiKey>> {
  const used = await keysInUse(via);
  return withClient(via, async (client) => {
    const result = await client.admin.organization.projects.apiKeys.list(id, { limit: 100, ...(after ? { after } : {}) });
    const data = result.data.map((key) => ({
      id: key.id,
      name: key.name,
      redacted_value: key.redacted_value,
      created_at: key.created_at,
      last_used_at: key.last_used_at ?? null,
      owner: key.owner as OrgApiKey["owner"],
      inUseBy: inUseBy(key.redacted_value, used),
    }));
    return page({ data, has_more: result.has_more }, (k) => k.id);
  });
}

export async function deleteApiKey(caller: Caller, id: string, keyId: string): Promise<void> {
  const used = await keysInUse(caller.via);
  await withClient(caller.via, async (client) => {
    const key = await client.admin.organization.projects.apiKeys.retrieve(keyId, { project_id: id });
    const user = inUseBy(key.redacted_value, used);
    if (user) {
      throw new AppError(
        "conflict",
        `Switchboard project "${user.projectName}" uses this key to reach the upstream; give its connection another key before deleting this one`,
      );
    }
    await client.admin.organization.projects.apiKeys.delete(keyId, { project_id: id });
    await audit(caller, "openai.api_key.delete", id, {
      before: { keyId, name: key.name, redactedValue: key.redacted_value, ownerType: key.owner?.type ?? null },
    });
  });
}

export async function listServiceAccounts(via: string, id: string): Promise<OrgServiceAccount[]> {
  return withClient(
    via,
    async (client) => (await client.admin.organization.projects.serviceAccounts.list(id, { limit: 100 })).data as OrgServiceAccount[],
  );
}

export async function createServiceAccount(
  caller: Caller,
  id: string,
  input: z.infer<typeof createServiceAccountInput>,
): Promise<CreatedServiceAccount> {
  const created = await withClient(caller.via, (client) =>
    client.admin.organization.projects.serviceAccounts.create(id, { name: input.name }),
  );
  // The key's value goes back to the admin who asked, once, and nowhere else (not to the audit log).
  await audit(caller, "openai.service_account.create", id, {
    after: { serviceAccountId: created.id, name: created.name, apiKeyId: created.api_key?.id ?? null },
  });
  return {
    id: created.id,
    name: created.name,
    role: created.role,
    created_at: created.created_at,
    apiKey: created.api_key ? { id: created.api_key.id, name: created.api_key.name, value: created.api_key.value } : null,
  };
}

export async function deleteServiceAccount(caller: Caller, id: string, serviceAccountId: string): Promise<void> {
  await withClient(caller.via, async (client) => {
    const before = await client.admin.organization.projects.serviceAccounts.retrieve(serviceAccountId, { project_id: id });
    await client.admin.organization.projects.serviceAccounts.delete(serviceAccountId, { project_id: id });
    await audit(caller, "openai.service_account.delete", id, { before: { serviceAccountId, name: before.name } });
  });
}

export async function listRateLimits(via: string, id: string): Promise<OrgRateLimit[]> {
  return withClient(
    via,
    async (client) => (await client.admin.organization.projects.rateLimits.listRateLimits(id, { limit: 100 })).data as OrgRateLimit[],
  );
}

export async function updateRateLimit(caller: Caller, id: string, rateLimitId: string, input: z.infer<typeof rateLimitInput>) {
  return withClient(caller.via, async (client) => {
    const before = (await client.admin.organization.projects.rateLimits.listRateLimits(id, { limit: 100 })).data.find(
      (l) => l.id === rateLimitId,
    );
    const after = (await client.admin.organization.projects.rateLimits.updateRateLimit(rateLimitId, {
      project_id: id,
      ...input,
    })) as OrgRateLimit;
    const changed = Object.keys(input) as (keyof typeof input)[];
    await audit(caller, "openai.rate_limit.update", id, {
      before: before
        ? { rateLimitId, model: before.model, ...Object.fromEntries(changed.map((k) => [k, before[k] ?? null])) }
        : { rateLimitId },
      after: { rateLimitId, model: after.model, ...Object.fromEntries(changed.map((k) => [k, after[k] ?? null])) },
    });
    return after;
  });
}

export async function getSpendLimit(via: string, id: string): Promise<OrgSpendLimit | null> {
  try {
    return await withClient(via, async (client) => (await client.admin.organization.projects.spendLimit.retrieve(id)) as OrgSpendLimit);
  } catch (error) {
    // No limit set answers 404; the project itself is checked by the page's other calls.
    if (error instanceof AppError && error.code === "not_found") return null;
    throw error;
  }
}

export async function setSpendLimit(caller: Caller, id: string, input: z.infer<typeof spendLimitInput>): Promise<OrgSpendLimit> {
  const before = await getSpendLimit(caller.via, id);
  const after = await withClient(
    caller.via,
    async (client) =>
      (await client.admin.organization.projects.spendLimit.update(id, {
        threshold_amount: input.thresholdCents,
        currency: "USD",
        interval: "month",
      })) as OrgSpendLimit,
  );
  await audit(caller, "openai.spend_limit.set", id, {
    before: before ? { thresholdCents: before.threshold_amount } : null,
    after: { thresholdCents: after.threshold_amount },
  });
  return after;
}

export async function deleteSpendLimit(caller: Caller, id: string): Promise<void> {
  const before = await getSpendLimit(caller.via, id);
  if (!before) throw new AppError("not_found", "This project has no spend limit");
  await withClient(caller.via, (client) => client.admin.organization.projects.spendLimit.delete(id));
  await audit(caller, "openai.spend_limit.delete", id, { before: { thresholdCents: before.threshold_amount } });
}

export async function listSpendAlerts(via: string, id: string): Promise<OrgSpendAlert[]> {
  return withClient(
    via,
    async (client) => (await client.admin.organization.projects.spendAlerts.list(id, { limit: 100 })).data as OrgSpendAlert[],
  );
}

export async function createSpendAlert(caller: Caller, id: string, input: z.infer<typeof spendAlertInput>): Promise<OrgSpendAlert> {
  const alert = await withClient(
    caller.via,
    async (client) =>
      (await client.admin.organization.projects.spendAlerts.create(id, {
        threshold_amount: input.thresholdCents,
        currency: "USD",
        interval: "month",
        notification_channel: { type: "email", recipients: input.recipients, subject_prefix: input.subjectPrefix || null },
      })) as OrgSpendAlert,
  );
  await audit(caller, "openai.spend_alert.create", id, {
    after: { alertId: alert.id, thresholdCents: alert.threshold_amount, recipients: input.recipients },
  });
  return alert;
}

export async function deleteSpendAlert(caller: Caller, id: string, alertId: string): Promise<void> {
  await withClient(caller.via, async (client) => {
    const before = await client.admin.organization.projects.spendAlerts.retrieve(alertId, { project_id: id });
    await client.admin.organization.projects.spendAlerts.delete(alertId, { project_id: id });
    await audit(caller, "openai.spend_alert.delete", id, { before: { alertId, thresholdCents: before.threshold_amount } });
  });
}
