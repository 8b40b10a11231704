import "server-only";
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";
import { previousServerSecret, serverSecret } from "./server-secret";

// Secrets at rest (upstream API keys): AES-256-GCM with a key derived from the server secret by
// HKDF. Each ciphertext names the key that made it (a short id of the derived key), so after the
// server secret is rotated the old ciphertexts can still be read with the previous secret and
// re-encrypted (`npm run secrets:rotate`), and a wrong secret is reported as such, not as garbage.
//
// Format: sb1.<keyId>.<iv>.<ciphertext+tag>, base64url parts.

const VERSION = "sb1";
const INFO = "switchboard secret-box v1";

interface DerivedKey {
  id: string;
  key: Buffer;
}

function derive(secret: string): DerivedKey {
  const key = Buffer.from(hkdfSync("sha256", secret, "switchboard", INFO, 32));
  return { id: createHash("sha256").update(key).digest("hex").slice(0, 8), key };
}

let current: { secret: string; derived: DerivedKey } | undefined;
function currentKey(): DerivedKey {
  const secret = serverSecret();
  if (current?.secret !== secret) current = { secret, derived: derive(secret) };
  return current.derived;
}

let previous: { secret: string; derived: DerivedKey } | undefined;
function readableKeys(): DerivedKey[] {
  const secret = previousServerSecret();
  if (!secret) return [currentKey()];
  if (previous?.secret !== secret) previous = { secret, derived: derive(secret) };
  return [currentKey(), previous.derived];
}

/** The id a secret's derived key gives its ciphertexts (the second part of sb1.<keyId>.…). */
export function keyIdOf(secret: string): string {
  return derive(secret).id;
}

export class SecretBoxError extends Error {}

export function encryptSecret(plaintext: string, secret?: string): string {
  const { id, key } = secret ? derive(secret) : currentKey();
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(`${VERSION}.${id}`));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return [VERSION, id, iv.toString("base64url"), body.toString("base64url")].join(".");
}

/**
 * Decrypts with the current server secret (or the previous one while a rotation is unfinished), or
 * with the given secrets.
 */
export function decryptSecret(sealed: string, secrets?: string[]): string {
  const [version, id, iv, body] = sealed.split(".");
  if (version !== VERSION || !id || !iv || !body) throw new SecretBoxError("Not a sealed secret");
  const candidates = secrets ? secrets.map(derive) : readableKeys();
  const match = candidates.find((candidate) => candidate.id === id);
  if (!match) throw new SecretBoxError(`Sealed with key ${id}, which the configured server secret does not derive`);
  const raw = Buffer.from(body, "base64url");
  const decipher = createDecipheriv("aes-256-gcm", match.key, Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(`${VERSION}.${id}`));
  decipher.setAuthTag(raw.subarray(raw.length - 16));
  try {
    return Buffer.concat([decipher.update(raw.subarray(0, raw.length - 16)), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretBoxError("Sealed secret failed its integrity check");
  }
}

export function sealedKeyId(sealed: string): string | undefined {
  return sealed.split(".")[1];
}

/** What people see of a key: its start and last four characters, never more. */
export function maskSecret(secret: string): string {
  const prefix = secret.match(/^(sk-[a-z]+-|sk-)/)?.[0] ?? "";
  return `${prefix}…${secret.slice(-4)}`;
}
