import "server-only";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { decryptSecret, encryptSecret, keyIdOf, sealedKeyId } from "./secret-box";
import { checkSecretLength, PREVIOUS_SECRET_ENV, secretFiles } from "./server-secret";

// `npm run secrets:rotate`: moves every sealed secret from the previous server secret to the new
// one. Whatever stops it half-way, every stored secret stays readable: the database changes in one
// transaction, and the app reads secrets sealed with the previous secret as long as that secret is
// still configured (SWITCHBOARD_PREVIOUS_SECRET, or the secret.previous file this keeps until done).

/** Every column that holds a sealed secret; test/secret-rotation.test.ts checks this against the schema. */
export const SEALED_COLUMNS = { UpstreamConnection: ["apiKeySealed", "adminKeySealed"] } as const;

export interface RotationReport {
  reencrypted: number;
  alreadyCurrent: number;
}

export class RotationError extends Error {}

/** Re-encrypts, in one transaction, what is sealed with `previous` so that it is sealed with `current`; skips what already is. */
export async function reencryptSealedSecrets(
  secrets: { previous: string; current: string },
  prisma: PrismaClient | null = null,
): Promise<RotationReport> {
  const previousId = keyIdOf(secrets.previous);
  const currentId = keyIdOf(secrets.current);
  if (previousId === currentId) throw new RotationError("The previous and the new server secret are the same");
  const client = prisma ?? (await db());
  return client.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT 1 FROM "UpstreamConnection" FOR UPDATE`;
      const rows = await tx.upstreamConnection.findMany({ select: { projectId: true, apiKeySealed: true, adminKeySealed: true } });
      const report: RotationReport = { reencrypted: 0, alreadyCurrent: 0 };
      const unreadable: string[] = [];
      for (const row of rows) {
        const data: Partial<Record<(typeof SEALED_COLUMNS.UpstreamConnection)[number], string>> = {};
        for (const column of SEALED_COLUMNS.UpstreamConnection) {
          const sealed = row[column];
          if (!sealed) continue;
          const id = sealedKeyId(sealed);
          if (id === currentId) report.alreadyCurrent++;
          else if (id === previousId) data[column] = encryptSecret(decryptSecret(sealed, [secrets.previous]), secrets.current);
          else unreadable.push(`${column} of project ${row.projectId} (key ${id})`);
        }
        if (Object.keys(data).length === 0) continue;
        await tx.upstreamConnection.update({ where: { projectId: row.projectId }, data });
        report.reencrypted += Object.keys(data).length;
      }
      if (unreadable.length > 0) {
        throw new RotationError(
          `${unreadable.length} stored secret(s) are sealed with a key that neither secret derives, so nothing was changed: ${unreadable.slice(0, 5).join(", ")}`,
        );
      }
      if (report.reencrypted > 0) {
        await recordAudit({ actorId: null, action: "instance.secrets.rotate", targetType: "instance", after: { ...report } }, tx);
      }
      return report;
    },
    { timeout: 600_000, maxWait: 60_000 },
  );
}

function readSecretFile(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8").trim() || undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** Writes a file so that it is either absent or complete on disk, never half-written. */
function writeDurably(file: string, content: string, options: { replace: boolean }): void {
  const temporary = `${file}.tmp-${process.pid}`;
  const fd = fs.openSync(temporary, "w", 0o600);
  try {
    fs.writeSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  if (!options.replace && fs.existsSync(file)) {
    fs.rmSync(temporary);
    throw new RotationError(`${file} already exists`);
  }
  fs.renameSync(temporary, file);
  const dir = fs.openSync(path.dirname(file), "r");
  try {
    fs.fsyncSync(dir);
  } finally {
    fs.closeSync(dir);
  }
}

export interface RotationOutcome extends RotationReport {
  /** What the operator should do next, if anything. */
  next: string[];
}

/**
 * With `generate`: replaces the generated secret file with a new secret, keeping the old one as
 * secret.previous until every sealed secret is re-encrypted (running it again after an
 * interruption finishes the same rotation). Without: rotates from SWITCHBOARD_PREVIOUS_SECRET (or a
 * leftover secret.previous) to the configured secret.
 */
export async function rotateServerSecret(
  options: { generate: boolean },
  log: (line: string) => void = () => undefined,
): Promise<RotationOutcome> {
  const files = secretFiles();
  const configured = process.env.SWITCHBOARD_SECRET?.trim() || undefined;
  const next: string[] = [];

  if (options.generate) {
    if (configured) {
      throw new RotationError(
        `SWITCHBOARD_SECRET is set, so the server secret comes from your configuration and not from ${files.current}. Rotate it with ${PREVIOUS_SECRET_ENV}=<old> SWITCHBOARD_SECRET=<new> npm run secrets:rotate`,
      );
    }
    const old = readSecretFile(files.current);
    const kept = readSecretFile(files.previous);
    if (!old) throw new RotationError(`There is no generated server secret at ${files.current}: nothing to rotate`);
    if (kept && kept !== old) {
      log(`An earlier rotation did not finish (${files.previous} is still there): finishing it.`);
    } else {
      if (!kept) writeDurably(files.previous, `${old}\n`, { replace: false });
      writeDurably(files.current, `${randomBytes(48).toString("base64url")}\n`, { replace: true });
      log(`Wrote a new server secret to ${files.current}; the old one is kept in ${files.previous} until this is done.`);
    }
    const report = await reencryptSealedSecrets({
      previous: readSecretFile(files.previous) as string,
      current: readSecretFile(files.current) as string,
    });
    fs.rmSync(files.previous);
    next.push("Start Switchboard again: it now runs with the new secret. Everyone has to sign in again.");
    return { ...report, next };
  }

  const fromEnv = process.env[PREVIOUS_SECRET_ENV]?.trim() || undefined;
  const previous = fromEnv ?? readSecretFile(files.previous);
  if (!previous) {
    throw new RotationError(
      `Say which secret to rotate from: ${PREVIOUS_SECRET_ENV}=<old> SWITCHBOARD_SECRET=<new> npm run secrets:rotate, or npm run secrets:rotate -- --generate to replace the generated secret in ${files.current}`,
    );
  }
  const current = configured ?? readSecretFile(files.current);
  if (!current) throw new RotationError(`There is no server secret: set SWITCHBOARD_SECRET to the new secret`);
  checkSecretLength(current, "SWITCHBOARD_SECRET");
  if (current === previous) {
    throw new RotationError(`SWITCHBOARD_SECRET is still the previous secret: set it to the new one (at least 32 characters)`);
  }
  const report = await reencryptSealedSecrets({ previous, current });
  if (fromEnv) {
    next.push(
      `Run Switchboard with the new SWITCHBOARD_SECRET (every replica), then remove ${PREVIOUS_SECRET_ENV} from its configuration. Everyone has to sign in again.`,
    );
  } else {
    fs.rmSync(files.previous);
    next.push("Start Switchboard again. Everyone has to sign in again.");
  }
  return { ...report, next };
}
