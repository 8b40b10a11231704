import fs from "node:fs";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { decryptSecret, encryptSecret, keyIdOf, sealedKeyId } from "@/lib/crypto/secret-box";
import { RotationError, reencryptSealedSecrets, rotateServerSecret, SEALED_COLUMNS } from "@/lib/crypto/secret-rotation";
import { PREVIOUS_SECRET_ENV, secretFiles } from "@/lib/crypto/server-secret";
import { db } from "@/lib/db/client";
import { makeProject } from "./support/fixtures";

const OLD = "the-old-server-secret-".padEnd(48, "o");
const NEW = "the-new-server-secret-".padEnd(48, "n");
const OTHER = "a-third-unrelated-secret-".padEnd(48, "x");
const KEYS = {
  a: "sk-proj-rotation-a-0001",
  aAdmin: "sk-admin-rotation-a-0002",
  b: "sk-proj-rotation-b-0003",
  c: "sk-proj-rotation-c-0004",
};

async function connection(apiKeySealed: string, adminKeySealed: string | null = null) {
  const project = await makeProject();
  await (await db()).upstreamConnection.create({
    data: { projectId: project.id, kind: "openai", baseUrl: "https://api.openai.com/v1", apiKeySealed, adminKeySealed },
  });
  return project.id;
}

async function sealedOf(projectId: string) {
  return (await db()).upstreamConnection.findUniqueOrThrow({ where: { projectId }, select: { apiKeySealed: true, adminKeySealed: true } });
}

let saved: { current?: string } = {};

beforeEach(async () => {
  await (await db()).upstreamConnection.deleteMany();
  saved = { current: fs.existsSync(secretFiles().current) ? fs.readFileSync(secretFiles().current, "utf8") : undefined };
});

afterEach(() => {
  delete process.env[PREVIOUS_SECRET_ENV];
  delete process.env.SWITCHBOARD_SECRET;
  fs.rmSync(secretFiles().previous, { force: true });
  if (saved.current !== undefined) fs.writeFileSync(secretFiles().current, saved.current, { mode: 0o600 });
});

describe("re-encrypting sealed secrets", () => {
  test("moves every secret from the previous to the new secret, once", async () => {
    const a = await connection(encryptSecret(KEYS.a, OLD), encryptSecret(KEYS.aAdmin, OLD));
    const b = await connection(encryptSecret(KEYS.b, NEW));
    const c = await connection(encryptSecret(KEYS.c, OLD));

    expect(await reencryptSealedSecrets({ previous: OLD, current: NEW })).toEqual({ reencrypted: 3, alreadyCurrent: 1 });
    const rows = { a: await sealedOf(a), b: await sealedOf(b), c: await sealedOf(c) };
    expect(decryptSecret(rows.a.apiKeySealed as string, [NEW])).toBe(KEYS.a);
    expect(decryptSecret(rows.a.adminKeySealed as string, [NEW])).toBe(KEYS.aAdmin);
    expect(decryptSecret(rows.b.apiKeySealed as string, [NEW])).toBe(KEYS.b);
    expect(decryptSecret(rows.c.apiKeySealed as string, [NEW])).toBe(KEYS.c);
    expect(rows.c.adminKeySealed).toBeNull();
    for (const row of Object.values(rows)) expect(sealedKeyId(row.apiKeySealed as string)).toBe(keyIdOf(NEW));

    // Idempotent: a second run finds nothing to do and changes nothing.
    expect(await reencryptSealedSecrets({ previous: OLD, current: NEW })).toEqual({ reencrypted: 0, alreadyCurrent: 4 });
    expect(await sealedOf(a)).toEqual(rows.a);
    const audits = await (await db()).auditLog.findMany({ where: { action: "instance.secrets.rotate" } });
    expect(audits).toHaveLength(1);
    expect(audits[0].after).toEqual({ reencrypted: 3, alreadyCurrent: 1 });
  });

  test("a secret sealed with neither key stops the rotation before anything changes", async () => {
    const a = await connection(encryptSecret(KEYS.a, OLD));
    await connection(encryptSecret(KEYS.b, OTHER));
    const before = await sealedOf(a);
    await expect(reencryptSealedSecrets({ previous: OLD, current: NEW })).rejects.toThrow(
      /1 stored secret\(s\) are sealed with a key that neither secret derives/,
    );
    expect(await sealedOf(a)).toEqual(before);
  });

  test("refuses to rotate to the same secret", async () => {
    await expect(reencryptSealedSecrets({ previous: OLD, current: OLD })).rejects.toThrow(RotationError);
  });
});

describe("npm run secrets:rotate with configured secrets", () => {
  test("SWITCHBOARD_PREVIOUS_SECRET to SWITCHBOARD_SECRET", async () => {
    const a = await connection(encryptSecret(KEYS.a, OLD));
    process.env[PREVIOUS_SECRET_ENV] = OLD;
    process.env.SWITCHBOARD_SECRET = NEW;
    const outcome = await rotateServerSecret({ generate: false });
    expect(outcome).toMatchObject({ reencrypted: 1, alreadyCurrent: 0 });
    expect(outcome.next.join(" ")).toMatch(/remove SWITCHBOARD_PREVIOUS_SECRET/);
    expect(decryptSecret((await sealedOf(a)).apiKeySealed as string, [NEW])).toBe(KEYS.a);
  });

  test("says what is missing or wrong", async () => {
    process.env.SWITCHBOARD_SECRET = NEW;
    await expect(rotateServerSecret({ generate: false })).rejects.toThrow(/SWITCHBOARD_PREVIOUS_SECRET=<old> SWITCHBOARD_SECRET=<new>/);
    process.env[PREVIOUS_SECRET_ENV] = NEW;
    await expect(rotateServerSecret({ generate: false })).rejects.toThrow(/still the previous secret/);
    await expect(rotateServerSecret({ generate: true })).rejects.toThrow(/SWITCHBOARD_SECRET is set/);
  });
});

describe("npm run secrets:rotate -- --generate", () => {
  const files = secretFiles();

  test("writes a new secret file and moves every secret to it", async () => {
    fs.writeFileSync(files.current, `${OLD}\n`, { mode: 0o600 });
    const a = await connection(encryptSecret(KEYS.a, OLD), encryptSecret(KEYS.aAdmin, OLD));
    const outcome = await rotateServerSecret({ generate: true });
    expect(outcome).toMatchObject({ reencrypted: 2, alreadyCurrent: 0 });
    const fresh = fs.readFileSync(files.current, "utf8").trim();
    expect(fresh).not.toBe(OLD);
    expect(fresh.length).toBeGreaterThanOrEqual(32);
    expect(fs.statSync(files.current).mode & 0o777).toBe(0o600);
    expect(fs.existsSync(files.previous)).toBe(false);
    expect(decryptSecret((await sealedOf(a)).adminKeySealed as string, [fresh])).toBe(KEYS.aAdmin);
  });

  test("an interrupted rotation is finished by running it again, with the secret it had written", async () => {
    // Stopped after the new secret was written, before the database was changed.
    fs.writeFileSync(files.previous, `${OLD}\n`, { mode: 0o600 });
    fs.writeFileSync(files.current, `${NEW}\n`, { mode: 0o600 });
    const a = await connection(encryptSecret(KEYS.a, OLD));
    const lines: string[] = [];
    expect(await rotateServerSecret({ generate: true }, (line) => lines.push(line))).toMatchObject({ reencrypted: 1 });
    expect(lines.join(" ")).toMatch(/did not finish/);
    expect(fs.readFileSync(files.current, "utf8").trim()).toBe(NEW);
    expect(fs.existsSync(files.previous)).toBe(false);
    expect(decryptSecret((await sealedOf(a)).apiKeySealed as string, [NEW])).toBe(KEYS.a);
  });

  test("stopped before the new secret was written: a new one is written now", async () => {
    fs.writeFileSync(files.previous, `${OLD}\n`, { mode: 0o600 });
    fs.writeFileSync(files.current, `${OLD}\n`, { mode: 0o600 });
    const a = await connection(encryptSecret(KEYS.a, OLD));
    expect(await rotateServerSecret({ generate: true })).toMatchObject({ reencrypted: 1 });
    const fresh = fs.readFileSync(files.current, "utf8").trim();
    expect(fresh).not.toBe(OLD);
    expect(decryptSecret((await sealedOf(a)).apiKeySealed as string, [fresh])).toBe(KEYS.a);
  });
});

test("while a rotation is unfinished, the server still reads secrets sealed with the previous secret", async () => {
  const sealedOld = encryptSecret(KEYS.a, OLD);
  process.env.SWITCHBOARD_SECRET = NEW;
  vi.resetModules();
  const before = await import("@/lib/crypto/secret-box");
  expect(() => before.decryptSecret(sealedOld)).toThrow(/does not derive/);
  process.env[PREVIOUS_SECRET_ENV] = OLD;
  vi.resetModules();
  const during = await import("@/lib/crypto/secret-box");
  expect(during.decryptSecret(sealedOld)).toBe(KEYS.a);
  expect(sealedKeyId(during.encryptSecret(KEYS.a))).toBe(keyIdOf(NEW));
});

test("every sealed column in the schema is rotated", () => {
  const schema = fs.readFileSync("prisma/schema.prisma", "utf8");
  const found: Record<string, string[]> = {};
  for (const [, model, body] of schema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)) {
    const columns = [...body.matchAll(/^\s+(\w+Sealed)\s/gm)].map((match) => match[1]);
    if (columns.length > 0) found[model] = columns;
  }
  expect(found).toEqual(SEALED_COLUMNS);
});
