import "server-only";
import { createHash, randomBytes } from "node:crypto";

// Invitation and password reset links carry a random token; only its SHA-256 is stored, so a
// database dump holds no usable link. 32 random bytes need no slow hash.
export function newLinkToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashLinkToken(token) };
}

export function hashLinkToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A token as it may appear in a URL; anything else cannot be one of ours. */
export function isLinkToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}
