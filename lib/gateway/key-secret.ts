import "server-only";
import { createHmac, hkdfSync, randomBytes } from "node:crypto";
import { previousServerSecret, serverSecret } from "@/lib/crypto/server-secret";

// Gateway key secrets: "sk-sb-" and 43 base62 characters (256 random bits, more than the 32 bytes
// asked for). The database keeps only an HMAC-SHA-256 of the secret under a pepper derived from the
// server secret, so a copy of the database alone cannot be used to check guesses.

export const KEY_PREFIX = "sk-sb-";
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const SECRET_CHARS = 43;
const INFO = "switchboard gateway key pepper v1";

export function generateKeySecret(): string {
  // Rejection sampling: 248 = 4 × 62 keeps every character equally likely.
  let out = KEY_PREFIX;
  while (out.length < KEY_PREFIX.length + SECRET_CHARS) {
    for (const byte of randomBytes(64)) {
      if (byte >= 248) continue;
      out += BASE62[byte % 62];
      if (out.length === KEY_PREFIX.length + SECRET_CHARS) break;
    }
  }
  return out;
}

/** Whether a presented token even looks like one of our keys (anything else is refused without a lookup). */
export function looksLikeKey(token: string): boolean {
  return (
    token.length === KEY_PREFIX.length + SECRET_CHARS &&
    token.startsWith(KEY_PREFIX) &&
    /^[0-9A-Za-z]+$/.test(token.slice(KEY_PREFIX.length))
  );
}

const peppers = new Map<string, Buffer>();
function pepperOf(secret: string): Buffer {
  let pepper = peppers.get(secret);
  if (!pepper) {
    pepper = Buffer.from(hkdfSync("sha256", secret, "switchboard", INFO, 32));
    peppers.set(secret, pepper);
  }
  return pepper;
}

export function hashKeySecret(token: string, serverSecretValue: string = serverSecret()): string {
  return createHmac("sha256", pepperOf(serverSecretValue)).update(token).digest("hex");
}

/** The hash under the server secret before a rotation, while one is configured (keys are re-hashed on use). */
export function previousKeyHash(token: string): string | null {
  const previous = previousServerSecret();
  return previous ? hashKeySecret(token, previous) : null;
}

export function lastFourOf(token: string): string {
  return token.slice(-4);
}
