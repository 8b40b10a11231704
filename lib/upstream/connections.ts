import "server-only";
import { allCapabilities, type Capabilities, parseCapabilities } from "@/lib/connection/capabilities";
import type { StoredKey } from "@/lib/connection/schema";
import { decryptSecret, encryptSecret, maskSecret } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { issueSandboxKey } from "@/lib/sandbox/auth";

type Writer = Pick<Prisma.TransactionClient, "upstreamConnection" | "sandboxApiKey">;

/**
 * Gives a project the built-in sandbox as its upstream, with a sandbox key of its own. Every new
 * project starts here, so a fresh install works end to end with no key and no network.
 */
export async function connectProjectToSandbox(projectId: string, tx: Writer): Promise<void> {
  const key = await issueSandboxKey(`project ${projectId}`, projectId, tx);
  await tx.upstreamConnection.create({
    data: { projectId, kind: "sandbox", baseUrl: null, apiKeySealed: encryptSecret(key), apiKeyLast4: key.slice(-4) },
  });
}

export const UPSTREAM_LABELS = {
  sandbox: "Sandbox",
  openai: "OpenAI",
  azure: "Azure OpenAI",
  compatible: "OpenAI-compatible",
} as const;

/**
 * What people see of a stored key: its prefix and last four characters (sk-proj-…abcd). The key is
 * decrypted for that on the server and goes no further; one that no longer decrypts (the server
 * secret changed without `npm run secrets:rotate`) shows its last four and says so.
 */
export function storedKey(sealed: string | null, last4: string | null): StoredKey {
  if (!sealed) return { set: false, masked: null, readable: true };
  try {
    return { set: true, masked: maskSecret(decryptSecret(sealed)), readable: true };
  } catch {
    return { set: true, masked: `…${last4 ?? ""}`, readable: false };
  }
}

/** What the console may show of a connection: never the key, only its masked form. */
export async function connectionSummary(projectId: string) {
  const prisma = await db();
  const connection = await prisma.upstreamConnection.findUnique({
    where: { projectId },
    select: { kind: true, baseUrl: true, apiKeySealed: true, apiKeyLast4: true, testedAt: true },
  });
  if (!connection) return null;
  return {
    kind: connection.kind,
    label: UPSTREAM_LABELS[connection.kind],
    baseUrl: connection.baseUrl,
    apiKey: storedKey(connection.apiKeySealed, connection.apiKeyLast4).masked,
    testedAt: connection.testedAt,
  };
}

// What the built-in sandbox serves today, said plainly so the console never offers a page the
// sandbox would answer with a 404.
export const SANDBOX_CAPABILITIES: Capabilities = allCapabilities("available");

/**
 * What the project's upstream answers, as its last "Test connection" found (see probe.ts); all
 * unknown when it was never tested since its last change. Pages hide or explain an area whose
 * capability is "missing" (navForCapabilities, missingCapabilityMessage in lib/connection/capabilities).
 */
export async function capabilitiesOf(projectId: string): Promise<Capabilities> {
  const prisma = await db();
  const row = await prisma.upstreamConnection.findUnique({ where: { projectId }, select: { kind: true, capabilities: true } });
  if (!row) return allCapabilities("unknown");
  if (row.kind === "sandbox") return SANDBOX_CAPABILITIES;
  return parseCapabilities(row.capabilities) ?? allCapabilities("unknown");
}
