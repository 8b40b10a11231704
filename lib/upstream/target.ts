import "server-only";
import type { Dispatcher } from "undici";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import type { UpstreamKind } from "@/lib/generated/prisma/client";
import { defaultGuardedDispatcher } from "./guarded-dispatcher";

// Where a project's calls go and what they carry: the resolved form of an UpstreamConnection row.
// The key is decrypted here, used in the headers below, and never leaves the server.

export const OPENAI_BASE_URL = "https://api.openai.com/v1";

export interface UpstreamTarget {
  kind: UpstreamKind;
  /** Base URL the API paths are appended to ("…/v1"); null for the built-in sandbox, called in-process. */
  baseUrl: string | null;
  /** Authentication and organisation headers; merged over the caller's allowed headers. */
  headers: Record<string, string>;
  /** Query parameters every call carries (Azure's api-version). */
  query: Record<string, string>;
  /** Azure: model name → deployment name, for the deployment-style paths. */
  deployments: Record<string, string> | null;
  /** Secrets to scrub from anything the upstream sends back (an echoed key must not reach the caller). */
  secrets: string[];
  dispatcher: Dispatcher | null;
}

/** The connection's settings with the key in plain text, as stored (after decryption) or as typed in a form. */
export interface ConnectionFields {
  kind: UpstreamKind;
  baseUrl: string | null;
  apiKey: string | null;
  organization?: string | null;
  openaiProject?: string | null;
  azureApiVersion?: string | null;
  azureDeployments?: Record<string, string> | null;
}

export interface TargetOptions {
  /**
   * The dispatcher for HTTP upstreams. Production always uses the guarded one; tests that run an
   * upstream on 127.0.0.1 pass a plain undici Agent (the bypass lives in code, never in config).
   */
  dispatcher?: Dispatcher;
}

export function targetFor(fields: ConnectionFields, options: TargetOptions = {}): UpstreamTarget {
  const headers: Record<string, string> = {};
  const secrets = fields.apiKey ? [fields.apiKey] : [];
  if (fields.apiKey) {
    if (fields.kind === "azure") headers["api-key"] = fields.apiKey;
    else headers.authorization = `Bearer ${fields.apiKey}`;
  }
  if (fields.organization) headers["openai-organization"] = fields.organization;
  if (fields.openaiProject) headers["openai-project"] = fields.openaiProject;
  const query: Record<string, string> = {};
  if (fields.kind === "azure" && fields.azureApiVersion) query["api-version"] = fields.azureApiVersion;

  if (fields.kind === "sandbox" && !fields.baseUrl) {
    return { kind: fields.kind, baseUrl: null, headers, query, deployments: null, secrets, dispatcher: null };
  }
  const baseUrl = (fields.baseUrl || (fields.kind === "openai" ? OPENAI_BASE_URL : "")).replace(/\/+$/, "");
  if (!baseUrl) throw new Error("This connection has no base URL");
  return {
    kind: fields.kind,
    baseUrl,
    headers,
    query,
    deployments: fields.kind === "azure" ? (fields.azureDeployments ?? null) : null,
    secrets,
    dispatcher: options.dispatcher ?? defaultGuardedDispatcher(),
  };
}

export class NoConnectionError extends Error {
  constructor() {
    super("This project has no API connection; a project admin can set one up in Settings → API connection");
  }
}

/** The project's saved connection, ready to call. */
export async function loadTarget(projectId: string, options: TargetOptions = {}): Promise<UpstreamTarget> {
  const prisma = await db();
  const row = await prisma.upstreamConnection.findUnique({ where: { projectId } });
  if (!row) throw new NoConnectionError();
  return targetFor(
    {
      kind: row.kind,
      baseUrl: row.baseUrl,
      apiKey: row.apiKeySealed ? decryptSecret(row.apiKeySealed) : null,
      organization: row.organization,
      openaiProject: row.openaiProject,
      azureApiVersion: row.azureApiVersion,
      azureDeployments: (row.azureDeployments as Record<string, string> | null) ?? null,
    },
    options,
  );
}
