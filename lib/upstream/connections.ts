import "server-only";
import { encryptSecret, maskSecret } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { issueSandboxKey } from "@/lib/sandbox/auth";

type Writer = Pick<Prisma.TransactionClient, "upstreamConnection" | "sandboxApiKey">;

/**
 * Gives a project the built-in sandbox as its upstream, with a sandbox key of its own. Every new
 * project starts here, so a fresh install works end to end with no key and no network.
 */
export async function connectProjectToSandbox(projectId: string, tx: Writer): Promise<void> {
  const key = await issueSandboxKey(`project ${projectId}`, tx);
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

/** What the console may show of a connection: never the key, only its last four characters. */
export async function connectionSummary(projectId: string) {
  const prisma = await db();
  const connection = await prisma.upstreamConnection.findUnique({
    where: { projectId },
    select: { kind: true, baseUrl: true, apiKeyLast4: true, testedAt: true },
  });
  if (!connection) return null;
  return {
    kind: connection.kind,
    label: UPSTREAM_LABELS[connection.kind],
    baseUrl: connection.baseUrl,
    apiKey: connection.apiKeyLast4 ? maskSecret(`${connection.kind === "sandbox" ? "sk-sandbox-" : "sk-"}${connection.apiKeyLast4}`) : null,
    testedAt: connection.testedAt,
  };
}
