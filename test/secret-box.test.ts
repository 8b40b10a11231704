import { describe, expect, test } from "vitest";
import { decryptSecret, encryptSecret, maskSecret, SecretBoxError, sealedKeyId } from "@/lib/crypto/secret-box";

const KEY = "sk-proj-canary-0123456789abcdefghijklmnop";

describe("secret box", () => {
  test("round-trips, never contains the plaintext, and differs each time", () => {
    const a = encryptSecret(KEY);
    const b = encryptSecret(KEY);
    expect(a).not.toBe(b);
    expect(a).not.toContain("canary");
    expect(a).toMatch(/^sb1\.[0-9a-f]{8}\./);
    expect(decryptSecret(a)).toBe(KEY);
  });

  test("a tampered ciphertext fails its integrity check", () => {
    const sealed = encryptSecret(KEY);
    const parts = sealed.split(".");
    const body = Buffer.from(parts[3], "base64url");
    body[0] ^= 1;
    parts[3] = body.toString("base64url");
    expect(() => decryptSecret(parts.join("."))).toThrow(SecretBoxError);
    expect(() => decryptSecret("garbage")).toThrow(/Not a sealed secret/);
  });

  test("a ciphertext names its key, and reads only with the secret that derives it", () => {
    const old = "an-old-server-secret-that-is-long-enough";
    const sealed = encryptSecret(KEY, old);
    expect(() => decryptSecret(sealed)).toThrow(/does not derive/);
    expect(decryptSecret(sealed, [old])).toBe(KEY);
    expect(sealedKeyId(sealed)).not.toBe(sealedKeyId(encryptSecret(KEY)));
  });

  test("masks keep only the prefix and the last four characters", () => {
    expect(maskSecret(KEY)).toBe("sk-proj-…mnop");
    expect(maskSecret("sk-abcdefghijklmnop1234")).toBe("sk-…1234");
    expect(maskSecret("plain-token-9876")).toBe("…9876");
  });
});
