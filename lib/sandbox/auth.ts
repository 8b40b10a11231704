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

/**
 * Accepts SANDBOX_API_KEY (the standalone sandbox's key) or a key the sandbox issued; answers the
 * issued key's id (null for SANDBOX_API_KEY), which its usage is recorded under.
 */
export async function authenticateSandbox(request: Request): Promise<string | null> {
  const header = request.headers.get("authorization") ?? "";
  const key = header.match(/^Bearer\s+(.+)$/i)?.[1]?.trim() ?? request.headers.get("api-key")?.trim() ?? "";
  if (!key) throw invalidKey("");
  const configured = process.env.SANDBOX_API_KEY;
  if (configured && equal(key, configured)) return null;
  const prisma = await db();
  const found = await prisma.sandboxApiKey.findUnique({ where: { keyHash: hashSandboxKey(key) }, select: { id: true } });
  if (!found) throw invalidKey(key);
  return found.id;
}

type KeyWriter = Pick<Prisma.TransactionClient, "sandboxApiKey">;

/** Issues a new key (only its hash is stored). Pass a transaction to issue it with what uses it. */
export async function issueSandboxKey(label: string, tx?: KeyWriter): Promise<string> {
  const key = newId.apiKey();
  const writer = tx ?? (await db());
  await writer.sandboxApiKey.create({ data: { id: newId.request(), keyHash: hashSandboxKey(key), label } });
  return key;
}

/** Withdraws an issued key (a project that leaves the sandbox no longer holds one). */
export async function revokeSandboxKey(key: string, tx?: KeyWriter): Promise<void> {
  const writer = tx ?? (await db());
  await writer.sandboxApiKey.deleteMany({ where: { keyHash: hashSandboxKey(key) } });
}
