import "server-only";
import { db } from "@/lib/db/client";
import type { SandboxApiKey, SandboxServiceAccount } from "@/lib/generated/prisma/client";
import { issueSandboxKeyFor } from "../auth";
import type { Route, SandboxContext } from "../context";
import { invalidRequest, missingParameter, notFound } from "../errors";
import { newId, unixSeconds } from "../ids";
import { listParams } from "../pagination";
import { requireAdminKey } from "./auth";
import { optionalString, pageOf, requireActiveProject, requireProject } from "./store";

// A project's API keys and service accounts. Every key here is a real sandbox key of the project:
// it works against the sandbox's /v1 until it is deleted. Keys Switchboard issued to its own
// projects' connections are owned by the "Switchboard" user; a service account's keys by it.

// The owner of keys Switchboard issued: the sandbox has no people signing in to make keys.
const SWITCHBOARD_USER = {
  id: "user-switchboard",
  name: "Switchboard",
  email: "sandbox@switchboard.invalid",
  created_at: 1767225600,
  role: "owner",
};

function serviceAccountObject(row: SandboxServiceAccount) {
  return {
    object: "organization.project.service_account" as const,
    id: row.id,
    name: row.name,
    role: row.role as "owner" | "member",
    created_at: unixSeconds(row.createdAt),
  };
}

function keyObject(row: SandboxApiKey, owners: Map<string, SandboxServiceAccount>) {
  const account = row.serviceAccountId ? owners.get(row.serviceAccountId) : undefined;
  return {
    object: "organization.project.api_key" as const,
    redacted_value: row.redactedValue,
    name: row.name,
    created_at: unixSeconds(row.createdAt),
    last_used_at: row.lastUsedAt ? unixSeconds(row.lastUsedAt) : null,
    id: row.id,
    owner_project_access: "active" as const,
    owner: account
      ? {
          type: "service_account" as const,
          service_account: { id: account.id, name: account.name, created_at: unixSeconds(account.createdAt), role: account.role },
        }
      : { type: "user" as const, user: SWITCHBOARD_USER },
  };
}

async function ownersOf(rows: SandboxApiKey[]): Promise<Map<string, SandboxServiceAccount>> {
  const ids = [...new Set(rows.map((row) => row.serviceAccountId).filter((id): id is string => id !== null))];
  if (ids.length === 0) return new Map();
  const prisma = await db();
  const accounts = await prisma.sandboxServiceAccount.findMany({ where: { id: { in: ids } } });
  return new Map(accounts.map((account) => [account.id, account]));
}

async function requireKey(project: string, id: string): Promise<SandboxApiKey> {
  const prisma = await db();
  const row = await prisma.sandboxApiKey.findFirst({ where: { id, project, admin: false } });
  if (!row) throw notFound(`No such API key: ${id}`, "api_key_id", "not_found");
  return row;
}

async function listKeys(ctx: SandboxContext) {
  requireAdminKey(ctx);
  const project = (await requireProject(ctx.params[0])).id;
  const prisma = await db();
  const params = listParams(ctx.url, { limit: 20, order: "asc" });
  const scope = { project, admin: false };
  const page = await pageOf(
    params,
    (id) => prisma.sandboxApiKey.findFirst({ where: { id, ...scope }, select: { id: true, createdAt: true } }),
    ({ where, orderBy, take }) => prisma.sandboxApiKey.findMany({ where: { AND: [scope, where] }, orderBy: [...orderBy], take }),
    "API key",
  );
  const owners = await ownersOf(page.data);
  return { ...page, data: page.data.map((row) => keyObject(row, owners)) };
}

async function retrieveKey(ctx: SandboxContext) {
  requireAdminKey(ctx);
  const project = (await requireProject(ctx.params[0])).id;
  const row = await requireKey(project, ctx.params[1]);
  return keyObject(row, await ownersOf([row]));
}

// OpenAI's description says a service account's key cannot be deleted here; since a service
// account may now hold several keys and the API has no other way to delete one, the sandbox allows it.
async function deleteKey(ctx: SandboxContext) {
  requireAdminKey(ctx);
  const project = (await requireProject(ctx.params[0])).id;
  const row = await requireKey(project, ctx.params[1]);
  const prisma = await db();
  await prisma.sandboxApiKey.delete({ where: { id: row.id } });
  return { object: "organization.project.api_key.deleted", id: row.id, deleted: true };
}

async function requireServiceAccount(project: string, id: string): Promise<SandboxServiceAccount> {
  const prisma = await db();
  const row = await prisma.sandboxServiceAccount.findFirst({ where: { id, project } });
  if (!row) throw notFound(`No such service account: ${id}`, "service_account_id", "not_found");
  return row;
}

async function listServiceAccounts(ctx: SandboxContext) {
  requireAdminKey(ctx);
  const project = (await requireProject(ctx.params[0])).id;
  const prisma = await db();
  const params = listParams(ctx.url, { limit: 20, order: "asc" });
  const page = await pageOf(
    params,
    (id) => prisma.sandboxServiceAccount.findFirst({ where: { id, project }, select: { id: true, createdAt: true } }),
    ({ where, orderBy, take }) =>
      prisma.sandboxServiceAccount.findMany({ where: { AND: [{ project }, where] }, orderBy: [...orderBy], take }),
    "service account",
  );
  return { ...page, data: page.data.map(serviceAccountObject) };
}

function keyBody(key: { id: string; value: string; name: string; createdAt: Date }) {
  return {
    object: "organization.project.service_account.api_key" as const,
    value: key.value,
    name: key.name,
    created_at: unixSeconds(key.createdAt),
    id: key.id,
  };
}

async function createServiceAccount(ctx: SandboxContext) {
  requireAdminKey(ctx);
  const project = (await requireActiveProject(ctx.params[0])).id;
  const body = await ctx.json();
  const name = optionalString(body, "name");
  if (!name) throw missingParameter("name");
  const keyless = body.create_service_account_only === true;
  const prisma = await db();
  return prisma.$transaction(async (tx) => {
    const account = await tx.sandboxServiceAccount.create({ data: { id: newId.serviceAccount(), project, name, role: "member" } });
    const key = keyless
      ? null
      : await issueSandboxKeyFor({ label: `service account ${account.id}`, project, name: "Secret Key", serviceAccountId: account.id }, tx);
    // The only time the key's value is ever returned.
    return { ...serviceAccountObject(account), role: "member" as const, api_key: key ? keyBody(key) : null };
  });
}

async function retrieveServiceAccount(ctx: SandboxContext) {
  requireAdminKey(ctx);
  const project = (await requireProject(ctx.params[0])).id;
  return serviceAccountObject(await requireServiceAccount(project, ctx.params[1]));
}

async function updateServiceAccount(ctx: SandboxContext) {
  requireAdminKey(ctx);
  const project = (await requireActiveProject(ctx.params[0])).id;
  const account = await requireServiceAccount(project, ctx.params[1]);
  const body = await ctx.json();
  const name = optionalString(body, "name");
  const role = body.role;
  if (role !== undefined && role !== "member" && role !== "owner") {
    throw invalidRequest(`Invalid 'role': expected 'member' or 'owner', got '${String(role)}'.`, "role", "invalid_value");
  }
  const prisma = await db();
  const row = await prisma.sandboxServiceAccount.update({
    where: { id: account.id },
    data: { ...(name ? { name } : {}), ...(role ? { role } : {}) },
  });
  return serviceAccountObject(row);
}

async function deleteServiceAccount(ctx: SandboxContext) {
  requireAdminKey(ctx);
  const project = (await requireActiveProject(ctx.params[0])).id;
  const account = await requireServiceAccount(project, ctx.params[1]);
  const prisma = await db();
  // Its keys go with it, in one step: a deleted account never leaves a working key behind.
  await prisma.$transaction([
    prisma.sandboxApiKey.deleteMany({ where: { serviceAccountId: account.id } }),
    prisma.sandboxServiceAccount.delete({ where: { id: account.id } }),
  ]);
  return { object: "organization.project.service_account.deleted", id: account.id, deleted: true };
}

async function createServiceAccountKey(ctx: SandboxContext) {
  requireAdminKey(ctx);
  const project = (await requireActiveProject(ctx.params[0])).id;
  const account = await requireServiceAccount(project, ctx.params[1]);
  const name = optionalString(await ctx.json(), "name") ?? "Secret Key";
  const key = await issueSandboxKeyFor({ label: `service account ${account.id}`, project, name, serviceAccountId: account.id });
  return keyBody(key);
}

const ID = "([^/]+)";
const P = `^/organization/projects/${ID}`;

export const routes: Route[] = [
  { method: "GET", pattern: new RegExp(`${P}/api_keys$`), handle: listKeys },
  { method: "GET", pattern: new RegExp(`${P}/api_keys/${ID}$`), handle: retrieveKey },
  { method: "DELETE", pattern: new RegExp(`${P}/api_keys/${ID}$`), handle: deleteKey },
  { method: "GET", pattern: new RegExp(`${P}/service_accounts$`), handle: listServiceAccounts },
  { method: "POST", pattern: new RegExp(`${P}/service_accounts$`), handle: createServiceAccount },
  { method: "GET", pattern: new RegExp(`${P}/service_accounts/${ID}$`), handle: retrieveServiceAccount },
  { method: "POST", pattern: new RegExp(`${P}/service_accounts/${ID}$`), handle: updateServiceAccount },
  { method: "DELETE", pattern: new RegExp(`${P}/service_accounts/${ID}$`), handle: deleteServiceAccount },
  { method: "POST", pattern: new RegExp(`${P}/service_accounts/${ID}/api_keys$`), handle: createServiceAccountKey },
];
