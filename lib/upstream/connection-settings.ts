import "server-only";
import { recordAudit } from "@/lib/audit/record";
import type { SessionUser } from "@/lib/auth/session";
import { parseCapabilities } from "@/lib/connection/capabilities";
import {
  ADMIN_KEY_KINDS,
  type ConnectionInput,
  type ConnectionSettings,
  KEY_REQUIRED_KINDS,
  OPENAI_DEFAULT_BASE_URL,
  type UpstreamKindName,
} from "@/lib/connection/schema";
import { decryptSecret, encryptSecret } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { Prisma, type UpstreamConnection } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/http/errors";
import type { RequestMeta } from "@/lib/http/handler";
import { issueSandboxKey, revokeSandboxKey } from "@/lib/sandbox/auth";
import { storedKey, UPSTREAM_LABELS } from "./connections";
import { checkUpstreamUrl, policyFromEnv, UpstreamUrlError } from "./ssrf";
import type { ConnectionFields } from "./target";

// Project settings → API connection: reading the connection for the form (never a key), and
// saving a change to it. A stored key goes only to the host it was entered for: when the kind or
// the host (scheme, name and port) changes, the key must be typed again, so whoever points the
// connection somewhere new cannot make the server hand the old key to it.

type KeyPlan = { action: "keep" } | { action: "set"; value: string } | { action: "clear" } | { action: "issue-sandbox" };

interface RowFields {
  kind: UpstreamKindName;
  baseUrl: string | null;
  organization: string | null;
  openaiProject: string | null;
  azureApiVersion: string | null;
  azureDeployments: Record<string, string> | null;
}

export interface ConnectionPlan {
  row: RowFields;
  apiKey: KeyPlan;
  adminKey: KeyPlan;
  keyChanged: boolean;
  adminKeyChanged: boolean;
  /** Anything a call to the upstream depends on changed: what a test found no longer holds. */
  targetChanged: boolean;
}

export async function getConnectionSettings(projectId: string): Promise<ConnectionSettings> {
  const prisma = await db();
  return settingsOf(await prisma.upstreamConnection.findUnique({ where: { projectId } }));
}

function settingsOf(row: UpstreamConnection | null): ConnectionSettings {
  if (!row) {
    const none = { set: false, masked: null, readable: true };
    return {
      kind: "sandbox",
      label: UPSTREAM_LABELS.sandbox,
      baseUrl: null,
      apiKey: none,
      organization: null,
      openaiProject: null,
      azureApiVersion: null,
      azureDeployments: [],
      adminKey: none,
      capabilities: null,
      testedAt: null,
    };
  }
  return {
    kind: row.kind,
    label: UPSTREAM_LABELS[row.kind],
    baseUrl: row.baseUrl,
    apiKey: storedKey(row.apiKeySealed, row.apiKeyLast4),
    organization: row.organization,
    openaiProject: row.openaiProject,
    azureApiVersion: row.azureApiVersion,
    azureDeployments: Object.entries(deploymentsOf(row)).map(([model, deployment]) => ({ model, deployment })),
    adminKey: storedKey(row.adminKeySealed, row.adminKeyLast4),
    capabilities: parseCapabilities(row.capabilities),
    testedAt: row.testedAt?.toISOString() ?? null,
  };
}

function deploymentsOf(row: Pick<UpstreamConnection, "azureDeployments">): Record<string, string> {
  const value = row.azureDeployments;
  if (!value || typeof value !== "object" || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}

/** The base URL as it will be stored and called: checked by the URL guard, normalised, no trailing slash. */
function checkedBaseUrl(raw: string, kind: UpstreamKindName): string {
  let url: URL;
  try {
    url = checkUpstreamUrl(raw, policyFromEnv());
  } catch (error) {
    if (error instanceof UpstreamUrlError) throw new AppError("bad_request", error.message, "baseUrl");
    throw error;
  }
  if (url.search !== "") {
    throw new AppError(
      "bad_request",
      kind === "azure"
        ? "The base URL must not contain a query (?…); enter the api-version in the API version field"
        : "The base URL must not contain a query (?…)",
      "baseUrl",
    );
  }
  return url.href.replace(/\/+$/, "");
}

/** Scheme, host and port: what decides where a key is sent. */
function hostOf(kind: UpstreamKindName, baseUrl: string | null): string {
  if (kind === "sandbox") return "sandbox";
  try {
    return new URL(baseUrl ?? (kind === "openai" ? OPENAI_DEFAULT_BASE_URL : "")).origin;
  } catch {
    return "";
  }
}

function plannedKeyChanged(plan: KeyPlan, stored: string | null): boolean {
  if (plan.action === "keep") return false;
  if (plan.action === "clear") return stored !== null;
  return true;
}

function planApiKey(current: UpstreamConnection | null, input: ConnectionInput, sameHost: boolean): KeyPlan {
  const kind = input.kind;
  if (kind === "sandbox") return current?.kind === "sandbox" && current.apiKeySealed ? { action: "keep" } : { action: "issue-sandbox" };
  const required = KEY_REQUIRED_KINDS.includes(kind);
  if (input.apiKey) return { action: "set", value: input.apiKey };
  if (input.removeApiKey) {
    if (required)
      throw new AppError("bad_request", `${UPSTREAM_LABELS[kind]} needs an API key: enter one to replace the stored key`, "apiKey");
    return { action: "clear" };
  }
  // A sandbox key means nothing anywhere else and is never carried over.
  const stored = current && current.kind !== "sandbox" && current.apiKeySealed;
  if (stored && sameHost) return { action: "keep" };
  if (stored) {
    throw new AppError(
      "bad_request",
      `Enter the API key again: the upstream's kind or host changed, and a stored key is never sent to a new host${required ? "" : " (or remove the key if this server needs none)"}`,
      "apiKey",
    );
  }
  if (required) throw new AppError("bad_request", `Enter the API key for ${UPSTREAM_LABELS[kind]}`, "apiKey");
  return { action: "clear" };
}

function planAdminKey(current: UpstreamConnection | null, input: ConnectionInput, sameHost: boolean): KeyPlan {
  if (!ADMIN_KEY_KINDS.includes(input.kind)) {
    if (input.adminKey) {
      throw new AppError("bad_request", "An admin key applies only to OpenAI and OpenAI-compatible upstreams", "adminKey");
    }
    return { action: "clear" };
  }
  if (input.adminKey) return { action: "set", value: input.adminKey };
  if (input.removeAdminKey) return { action: "clear" };
  if (current?.adminKeySealed && sameHost) return { action: "keep" };
  if (current?.adminKeySealed) {
    throw new AppError(
      "bad_request",
      "Enter the admin key again, or remove it: the upstream's kind or host changed, and a stored key is never sent to a new host",
      "adminKey",
    );
  }
  return { action: "clear" };
}

/**
 * What saving this input would do to the current connection. Throws a 400 naming the field for a
 * refused URL or a key that must be entered. Shared by saving and by testing a draft.
 */
export function planConnection(current: UpstreamConnection | null, input: ConnectionInput): ConnectionPlan {
  const kind = input.kind;
  const baseUrl = kind === "sandbox" ? null : checkedBaseUrl(input.baseUrl || OPENAI_DEFAULT_BASE_URL, kind);
  const row: RowFields = {
    kind,
    baseUrl,
    organization: kind === "openai" ? input.organization || null : null,
    openaiProject: kind === "openai" ? input.openaiProject || null : null,
    azureApiVersion: kind === "azure" ? input.azureApiVersion || null : null,
    azureDeployments:
      kind === "azure" && input.azureDeployments.length > 0
        ? Object.fromEntries(input.azureDeployments.map((entry) => [entry.model, entry.deployment]))
        : null,
  };
  const sameHost = current !== null && current.kind === kind && hostOf(current.kind, current.baseUrl) === hostOf(kind, baseUrl);
  const apiKey = planApiKey(current, input, sameHost);
  const adminKey = planAdminKey(current, input, sameHost);
  const keyChanged = plannedKeyChanged(apiKey, current?.apiKeySealed ?? null);
  const adminKeyChanged = plannedKeyChanged(adminKey, current?.adminKeySealed ?? null);
  const fieldsChanged =
    !current ||
    current.kind !== row.kind ||
    current.baseUrl !== row.baseUrl ||
    current.organization !== row.organization ||
    current.openaiProject !== row.openaiProject ||
    current.azureApiVersion !== row.azureApiVersion ||
    JSON.stringify(sortedEntries(current.azureDeployments ? deploymentsOf(current) : null)) !==
      JSON.stringify(sortedEntries(row.azureDeployments));
  return { row, apiKey, adminKey, keyChanged, adminKeyChanged, targetChanged: fieldsChanged || keyChanged };
}

function sortedEntries(record: Record<string, string> | null): [string, string][] | null {
  return record ? Object.entries(record).sort(([a], [b]) => a.localeCompare(b)) : null;
}

type KeyWriter = Pick<Prisma.TransactionClient, "sandboxApiKey">;

async function sealed(plan: KeyPlan, stored: { sealed: string | null; last4: string | null }, projectId: string, tx: KeyWriter) {
  switch (plan.action) {
    case "keep":
      return stored;
    case "clear":
      return { sealed: null, last4: null };
    case "set":
      return { sealed: encryptSecret(plan.value), last4: plan.value.slice(-4) };
    case "issue-sandbox": {
      const key = await issueSandboxKey(`project ${projectId}`, projectId, tx);
      return { sealed: encryptSecret(key), last4: key.slice(-4) };
    }
  }
}

/** What the audit log keeps of a connection: where it points and whether keys are set, never a key. */
function auditView(row: RowFields & { apiKeySealed: string | null; adminKeySealed: string | null }) {
  return {
    kind: row.kind,
    baseUrl: row.baseUrl,
    organization: row.organization,
    openaiProject: row.openaiProject,
    azureApiVersion: row.azureApiVersion,
    azureDeployments: row.azureDeployments,
    apiKeySet: row.apiKeySealed !== null,
    adminKeySet: row.adminKeySealed !== null,
  };
}

/** Saves the project's connection, with its audit record, in one transaction. */
export async function updateConnection(
  projectId: string,
  input: ConnectionInput,
  actor: SessionUser,
  meta: RequestMeta,
): Promise<ConnectionSettings> {
  const prisma = await db();
  const saved = await prisma.$transaction(async (tx) => {
    // Two admins saving at once: the second waits and plans against what the first saved.
    await tx.$queryRaw`SELECT 1 FROM "UpstreamConnection" WHERE "projectId" = ${projectId} FOR UPDATE`;
    const current = await tx.upstreamConnection.findUnique({ where: { projectId } });
    const plan = planConnection(current, input);
    if (current && !plan.targetChanged && !plan.adminKeyChanged) return current;

    const apiKey = await sealed(plan.apiKey, { sealed: current?.apiKeySealed ?? null, last4: current?.apiKeyLast4 ?? null }, projectId, tx);
    const adminKey = await sealed(
      plan.adminKey,
      { sealed: current?.adminKeySealed ?? null, last4: current?.adminKeyLast4 ?? null },
      projectId,
      tx,
    );
    if (current?.kind === "sandbox" && plan.row.kind !== "sandbox" && current.apiKeySealed) {
      const previous = readableKey(current.apiKeySealed);
      if (previous) await revokeSandboxKey(previous, tx);
    }
    const data = {
      ...plan.row,
      azureDeployments: plan.row.azureDeployments ?? Prisma.DbNull,
      apiKeySealed: apiKey.sealed,
      apiKeyLast4: apiKey.last4,
      adminKeySealed: adminKey.sealed,
      adminKeyLast4: adminKey.last4,
      ...(plan.targetChanged ? { capabilities: Prisma.DbNull, testedAt: null } : {}),
    };
    const after = await tx.upstreamConnection.upsert({ where: { projectId }, create: { projectId, ...data }, update: data });
    await recordAudit(
      {
        actorId: actor.id,
        action: "project.connection.update",
        targetType: "project",
        targetId: projectId,
        projectId,
        before: current ? auditView({ ...current, azureDeployments: current.azureDeployments ? deploymentsOf(current) : null }) : null,
        after: {
          ...auditView({ ...plan.row, apiKeySealed: apiKey.sealed, adminKeySealed: adminKey.sealed }),
          keyChanged: plan.keyChanged,
          adminKeyChanged: plan.adminKeyChanged,
        },
        ...meta,
      },
      tx,
    );
    return after;
  });
  return settingsOf(saved);
}

export class StoredKeyUnreadableError extends Error {
  constructor() {
    super(
      "The stored API key cannot be decrypted with this server's secret (was the secret changed without `npm run secrets:rotate`?). Enter the key again.",
    );
  }
}

function readableKey(sealedKey: string): string | null {
  try {
    return decryptSecret(sealedKey);
  } catch {
    return null;
  }
}

function openKey(sealedKey: string): string {
  try {
    return decryptSecret(sealedKey);
  } catch {
    throw new StoredKeyUnreadableError();
  }
}

export interface DraftTarget {
  fields: ConnectionFields;
  /** The draft is the saved connection, unchanged: what a test finds may be stored for it. */
  unchangedSince: Date | null;
  /** Undoes what resolving the draft needed (a sandbox key issued just for the test). */
  release(): Promise<void>;
}

/**
 * The connection to call for "Test connection": the saved one (input null) or a draft in the form's
 * shape, which may use the stored key only where saving it would keep that key.
 */
export async function connectionToTest(projectId: string, input: ConnectionInput | null): Promise<DraftTarget> {
  const prisma = await db();
  const current = await prisma.upstreamConnection.findUnique({ where: { projectId } });
  const plan = input ? planConnection(current, input) : null;
  if (!plan || (current && !plan.targetChanged)) {
    if (!current) throw new AppError("not_found", "This project has no API connection yet");
    return {
      fields: {
        kind: current.kind,
        baseUrl: current.baseUrl,
        apiKey: current.apiKeySealed ? openKey(current.apiKeySealed) : null,
        organization: current.organization,
        openaiProject: current.openaiProject,
        azureApiVersion: current.azureApiVersion,
        azureDeployments: current.azureDeployments ? deploymentsOf(current) : null,
      },
      unchangedSince: current.updatedAt,
      release: async () => undefined,
    };
  }
  let apiKey: string | null = null;
  let release: () => Promise<void> = async () => undefined;
  if (plan.apiKey.action === "keep" && current?.apiKeySealed) apiKey = openKey(current.apiKeySealed);
  if (plan.apiKey.action === "set") apiKey = plan.apiKey.value;
  if (plan.apiKey.action === "issue-sandbox") {
    const temporary = await issueSandboxKey(`project ${projectId} connection test`, projectId);
    apiKey = temporary;
    release = () => revokeSandboxKey(temporary);
  }
  return { fields: { ...plan.row, apiKey }, unchangedSince: null, release };
}
