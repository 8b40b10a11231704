import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { SandboxError } from "./errors";
import { newId } from "./ids";

export function hashSandboxKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

function invalidKey(shown: string): SandboxError {
  const masked = shown.length > 8 ? `${shown.slice(0, 3)}*****${shown.slice(-4)}` : "*****";
  return new SandboxError(
    401,
    shown
      ? `Incorrect API key provided: ${masked}. You can find your API key in Switchboard's project settings.`
      : "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
    "invalid_request_error",
    null,
    "invalid_api_key",
  );
}

function equal(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

// Requests made with an admin key (set by authenticateSandbox, read by requireAdminKey in
// organization/auth.ts). Kept beside the Request rather than in the context, so every route
// keeps its `project` and only the Admin API asks what kind of key called.
const adminRequests = new WeakSet<Request>();

export function calledWithAdminKey(request: Request): boolean {
  return adminRequests.has(request);
}

const LAST_USED_STEP_MS = 60_000;

/**
 * Accepts SANDBOX_API_KEY (the standalone sandbox's key) or a key the sandbox issued, and answers
 * the sandbox project the key belongs to: the one whose objects the request may see. An admin key
 * is accepted only on the Admin API (/organization/…), a project key everywhere else.
 */
export async function authenticateSandbox(request: Request): Promise<{ project: string; keyId: string | null }> {
  const header = request.headers.get("authorization") ?? "";
  const key = header.match(/^Bearer\s+(.+)$/i)?.[1]?.trim() ?? request.headers.get("api-key")?.trim() ?? "";
  if (!key) throw invalidKey("");
  const configured = process.env.SANDBOX_API_KEY;
  if (configured && equal(key, configured)) return { project: STANDALONE_PROJECT, keyId: null };
  const prisma = await db();
  const found = await prisma.sandboxApiKey.findUnique({
    where: { keyHash: hashSandboxKey(key) },
    select: { id: true, project: true, admin: true, lastUsedAt: true },
  });
  if (!found) throw invalidKey(key);
  const adminPath = /^(?:\/sandbox)?\/v1\/organization(?:\/|$)/.test(new URL(request.url).pathname);
  if (found.admin && !adminPath) {
    throw new SandboxError(
      401,
      "Admin API keys can only be used with the Administration API (/v1/organization/…). Use a project API key for this request.",
      "invalid_request_error",
      null,
      "invalid_api_key",
    );
  }
  if (found.admin) adminRequests.add(request);
  const now = Date.now();
  if (!found.lastUsedAt || now - found.lastUsedAt.getTime() > LAST_USED_STEP_MS) {
    // Not awaited: "last used" is worth a write a minute per key, never a wait on a request.
    prisma.sandboxApiKey.updateMany({ where: { id: found.id }, data: { lastUsedAt: new Date(now) } }).catch(() => undefined);
  }
  return { project: found.project, keyId: found.id };
}

/** The project of SANDBOX_API_KEY, and of objects made before keys had projects. */
export const STANDALONE_PROJECT = "";

type KeyWriter = Pick<Prisma.TransactionClient, "sandboxApiKey">;

export interface IssuedKey {
  id: string;
  value: string;
  name: string;
  createdAt: Date;
}

/** How the Admin API shows a key: its start and its last four characters. */
export function redactSandboxKey(key: string): string {
  return `${key.slice(0, 13)}*****${key.slice(-4)}`;
}

/** Issues a key of `project` (only its hash is stored); see issueSandboxKey. */
export async function issueSandboxKeyFor(
  options: { label: string; project: string; name?: string; admin?: boolean; serviceAccountId?: string },
  tx?: KeyWriter,
): Promise<IssuedKey> {
  const value = options.admin ? newId.adminKey() : newId.apiKey();
  const writer = tx ?? (await db());
  const row = await writer.sandboxApiKey.create({
    data: {
      id: newId.keyId(),
      keyHash: hashSandboxKey(value),
      label: options.label,
      project: options.project,
      name: options.name ?? "Secret key",
      admin: options.admin ?? false,
      redactedValue: redactSandboxKey(value),
      serviceAccountId: options.serviceAccountId ?? null,
    },
    select: { id: true, name: true, createdAt: true },
  });
  return { ...row, value };
}

/**
 * Issues a new key of `project` (only its hash is stored). Keys of one project see the same
 * objects, so a project that is reconnected keeps its files. Pass a transaction to issue it with
 * what uses it.
 */
export async function issueSandboxKey(label: string, project: string, tx?: KeyWriter): Promise<string> {
  return (await issueSandboxKeyFor({ label, project, name: "Switchboard connection" }, tx)).value;
}

/** Withdraws an issued key (a project that leaves the sandbox no longer holds one). */
export async function revokeSandboxKey(key: string, tx?: KeyWriter): Promise<void> {
  const writer = tx ?? (await db());
  await writer.sandboxApiKey.deleteMany({ where: { keyHash: hashSandboxKey(key) } });
}
